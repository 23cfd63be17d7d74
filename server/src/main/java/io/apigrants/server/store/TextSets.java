package io.apigrants.server.store;

import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The column encoding of small sets (scopes, IP allowlist): sorted, de-duplicated values joined
 * by single spaces. Values never contain spaces; validation guarantees it before storage.
 */
final class TextSets {
  private TextSets() {}

  static String join(List<String> values) {
    SortedSet<String> sorted = new TreeSet<>(values);
    return String.join(" ", sorted);
  }

  static List<String> split(String column) {
    return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(" "));
  }
}

package io.apigrants.server.grant;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Turns the paths of an update mask into the set of fields an edit names. */
final class FieldMasks {
  static final String FIELD = "update_mask";

  private FieldMasks() {}

  /**
   * The fields {@code paths} name. An empty mask, an unknown path, or a path in {@code refused}
   * (with its reason) is a violation on {@code update_mask}; returns empty then.
   */
  static <E extends Enum<E>> Optional<Set<E>> parse(List<String> paths, Class<E> type,
      Function<String, Optional<E>> byPath, Map<String, String> refused,
      FieldViolations violations) {
    if (paths.isEmpty()) {
      violations.add(FIELD, "name at least one field to change");
      return Optional.empty();
    }
    Set<E> fields = EnumSet.noneOf(type);
    boolean valid = true;
    for (String path : paths) {
      Optional<E> field = byPath.apply(path);
      if (field.isPresent()) {
        fields.add(field.get());
      } else if (refused.containsKey(path)) {
        violations.add(FIELD, refused.get(path));
        valid = false;
      } else {
        violations.add(FIELD, "unknown or unsupported path '" + printable(path) + "'");
        valid = false;
      }
    }
    return valid ? Optional.of(fields) : Optional.empty();
  }

  /** The path as the caller sent it, shortened and without control characters, for messages. */
  private static String printable(String path) {
    String shortened = path.length() > 64 ? path.substring(0, 64) + "..." : path;
    return shortened.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}

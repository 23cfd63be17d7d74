package io.apigrants.server.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list.
 *
 * @param nextCursor where the next page starts, empty on the last page. Its format belongs to
 *     the store that made it: callers hand it back unchanged (inside an authenticated page
 *     token), never build one.
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

  public Page {
    items = List.copyOf(items);
  }

  /** The first {@code pageSize} of {@code rows} (fetched as pageSize + 1 to learn if more). */
  static <R, T> Page<T> of(List<R> rows, int pageSize, Function<R, T> item,
      Function<R, String> cursor) {
    boolean more = rows.size() > pageSize;
    List<R> page = more ? rows.subList(0, pageSize) : rows;
    return new Page<>(page.stream().map(item).toList(),
        more ? Optional.of(cursor.apply(page.get(page.size() - 1))) : Optional.empty());
  }
}

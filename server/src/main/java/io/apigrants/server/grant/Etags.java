package io.apigrants.server.grant;

import java.util.Optional;

/** Etags of versioned resources: a quoted version number, opaque to clients. */
public final class Etags {
  /** Ours are a few characters; anything much longer never was one. */
  private static final int MAX_ETAG = 64;

  private Etags() {}

  public static String format(long version) {
    return "\"v" + version + "\"";
  }

  /**
   * The etag a request carries, read before any lookup: empty (no check) or short text without
   * control characters, else a violation on {@code field}. A well-formed etag that is not
   * current is a stale edit, which {@link #check} finds.
   */
  public static String fromRequest(String raw, String field, FieldViolations violations) {
    return Texts.lookupText(raw, field, MAX_ETAG, violations).orElse("");
  }

  /**
   * Checks a caller-supplied etag. Empty means the caller did not send one (no check); a
   * different value is a stale edit.
   */
  public static void check(String supplied, long currentVersion, String resourceName) {
    Optional.ofNullable(supplied)
        .filter(etag -> !etag.isEmpty())
        .filter(etag -> !etag.equals(format(currentVersion)))
        .ifPresent(etag -> {
          throw new ConcurrentEditException(
              resourceName + " was changed by someone else; re-read it and retry");
        });
  }
}

package io.apigrants.server.grant;

import java.util.Optional;

/** Etags of versioned resources: a quoted version number, opaque to clients. */
public final class Etags {
  private Etags() {}

  public static String format(long version) {
    return "\"v" + version + "\"";
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

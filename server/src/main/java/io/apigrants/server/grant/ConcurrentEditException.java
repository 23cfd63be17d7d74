package io.apigrants.server.grant;

/**
 * The caller's etag is stale, or a concurrent transaction won: re-read and retry. Becomes
 * {@code ABORTED}.
 */
public final class ConcurrentEditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConcurrentEditException(String message) {
    super(message);
  }
}

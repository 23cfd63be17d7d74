package io.apigrants.server.token;

/** A stored signing key cannot be used here: its pepper is gone, or it is not authentic. */
final class KeyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KeyUnavailableException(String message) {
    super(message);
  }
}

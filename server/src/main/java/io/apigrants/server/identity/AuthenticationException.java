package io.apigrants.server.identity;

/** A bearer token was missing or did not verify. The message is safe to show the caller. */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  AuthenticationException(String message) {
    super(message);
  }

  AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}

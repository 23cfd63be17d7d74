package io.apigrants.client.cli;

/**
 * Something went wrong on this machine, before or without the server: an unreadable file, a
 * missing signing key. Reported in one line with exit code {@link ExitCode#USAGE}.
 */
final class LocalFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LocalFailure(String message, Throwable cause) {
    super(message, cause);
  }

  LocalFailure(String message) {
    super(message);
  }
}

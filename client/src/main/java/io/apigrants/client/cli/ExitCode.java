package io.apigrants.client.cli;

/** The exit codes grantctl promises to scripts. */
final class ExitCode {
  /** The command did what it was asked. */
  static final int OK = 0;
  /** The command line was wrong, or something local failed (a file, the signing key). */
  static final int USAGE = 1;
  /** The server answered with an error: the request was refused or invalid. */
  static final int REJECTED = 2;
  /** The server could not be reached or did not answer in time. */
  static final int UNREACHABLE = 3;

  private ExitCode() {}
}

package io.apigrants.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reads a secret from its flag or, when the flag is absent or {@code -}, from the first line of
 * stdin, so that it can be piped in and kept out of the process list and shell history.
 */
final class SecretInput {
  private SecretInput() {}

  static String read(CommandSpec command, String flagValue, String what) {
    if (flagValue != null && !flagValue.equals("-")) {
      return flagValue.strip();
    }
    String line;
    try {
      line = new BufferedReader(new InputStreamReader(
          GrantCtl.stdin(command), StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      throw new LocalFailure("cannot read the " + what + " from stdin: " + e.getMessage(), e);
    }
    if (line == null || line.isBlank()) {
      throw new LocalFailure("no " + what + ": pass it with its flag or on stdin");
    }
    return line.strip();
  }
}

package io.apigrants.client.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs grantctl in-process with a chosen environment and stdin, capturing stdout and stderr. */
final class GrantCtlRunner {
  private static final Pattern SECRET = Pattern.compile("wk_secret:\\S+");

  private final Map<String, String> environment = new HashMap<>();

  /** A runner whose APIGRANTS_TARGET points at {@code target}. */
  static GrantCtlRunner against(String target) {
    return new GrantCtlRunner().withEnvironment("APIGRANTS_TARGET", target);
  }

  GrantCtlRunner withEnvironment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  Result run(String... args) {
    return runWithStdin("", args);
  }

  Result runWithStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = GrantCtl.commandLine(environment,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));

    int exitCode = commandLine.execute(args);

    return new Result(exitCode, out.toString(), err.toString());
  }

  /** What one grantctl run left behind. */
  record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }

    /** The value of a {@code label:  value} line of a detail view. */
    String field(String label) {
      return outLines().stream()
          .filter(line -> line.startsWith(label + ":"))
          .map(line -> line.substring(label.length() + 1).strip())
          .findFirst()
          .orElseThrow(() -> new AssertionError("no '" + label + "' in:\n" + out));
    }

    /** Shows both streams for a failed assertion, with any secret blanked out. */
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + redact(out) + "--- stderr\n" + redact(err);
    }

    private static String redact(String text) {
      return SECRET.matcher(text).replaceAll("wk_secret:****");
    }
  }
}

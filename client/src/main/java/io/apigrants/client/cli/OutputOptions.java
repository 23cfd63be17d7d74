package io.apigrants.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json} and {@code --verbose}, and where a command's output goes: results to stdout,
 * notes and warnings to stderr, so that stdout stays clean for scripts.
 */
final class OutputOptions {
  // Fields without presence are printed too, so scripts always find "active": false.
  private static final JsonFormat.Printer JSON = JsonFormat.printer()
      .alwaysPrintFieldsWithNoPresence();
  private static final JsonFormat.Printer JSON_LINE = JSON.omittingInsignificantWhitespace();

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--json", description = "Print the response as proto3 JSON, for scripts.")
  private boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Print a stack trace with an error.")
  private boolean verbose;

  /** Whether the user asked for JSON rather than a table. */
  boolean json() {
    return json;
  }

  /** Prints a message as proto3 JSON on stdout. */
  void printJson(MessageOrBuilder message) {
    try {
      out().println(JSON.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new LocalFailure("cannot print the response as JSON: " + e.getMessage(), e);
    }
    out().flush();
  }

  /** Prints a message as one line of compact JSON, for streams of messages. */
  void printJsonLine(MessageOrBuilder message) {
    try {
      out().println(JSON_LINE.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new LocalFailure("cannot print the response as JSON: " + e.getMessage(), e);
    }
    out().flush();
  }

  /** Prints a table on stdout. */
  void print(Table table) {
    table.print(out());
    out().flush();
  }

  /** Prints a resource's fields on stdout. */
  void print(Fields fields) {
    fields.print(out());
    out().flush();
  }

  /** Prints one line on stdout. */
  void println(String line) {
    out().println(line);
    out().flush();
  }

  /** Prints a note for the person at the terminal on stderr, away from piped output. */
  void note(String line) {
    PrintWriter err = mixee.commandLine().getErr();
    err.println(line);
    err.flush();
  }

  private PrintWriter out() {
    return mixee.commandLine().getOut();
  }
}

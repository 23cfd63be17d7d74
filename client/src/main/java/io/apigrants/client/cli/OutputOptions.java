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

  /** Prints a response as proto3 JSON with {@code --json}, or else as {@code human}. */
  void print(MessageOrBuilder response, TextView human) {
    if (json) {
      printJson(response);
    } else {
      print(human);
    }
  }

  /** Prints a message as proto3 JSON on stdout. */
  void printJson(MessageOrBuilder message) {
    print(JSON, message);
  }

  /** Prints a message as one line of compact JSON, for streams of messages. */
  void printJsonLine(MessageOrBuilder message) {
    print(JSON_LINE, message);
  }

  /** Prints a table, a resource's fields or another human view on stdout. */
  void print(TextView view) {
    view.print(out());
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

  private void print(JsonFormat.Printer printer, MessageOrBuilder message) {
    try {
      out().println(printer.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new LocalFailure("cannot print the response as JSON: " + e.getMessage(), e);
    }
    out().flush();
  }

  private PrintWriter out() {
    return mixee.commandLine().getOut();
  }
}

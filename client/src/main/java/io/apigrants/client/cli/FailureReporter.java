package io.apigrants.client.cli;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one or two lines on stderr and an {@link ExitCode}.
 *
 * <p>A server error prints its status code and description, then one line per
 * {@code BadRequest} field violation. A stack trace appears only with {@code --verbose}. A
 * usage error never echoes an argument that may be a credential (see
 * {@link CredentialArguments}).
 */
final class FailureReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    PrintWriter err = command.getErr();
    // picocli quotes the arguments it could not place; a mistyped flag may carry a secret.
    CredentialArguments credentials = CredentialArguments.in(args, command.getCommandSpec());
    err.println("error: " + credentials.redact(String.valueOf(failure.getMessage())));
    StringWriter suggestions = new StringWriter();
    UnmatchedArgumentException.printSuggestions(failure, new PrintWriter(suggestions));
    err.print(credentials.redact(suggestions.toString()));
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    int exitCode;
    if (failure instanceof StatusRuntimeException status) {
      exitCode = reportStatus(status, err);
    } else if (failure instanceof LocalFailure) {
      err.println("error: " + failure.getMessage());
      exitCode = ExitCode.USAGE;
    } else {
      err.println("error: " + failure);
      exitCode = ExitCode.USAGE;
    }
    if (isVerbose(parseResult)) {
      failure.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  private static int reportStatus(StatusRuntimeException failure, PrintWriter err) {
    Status status = failure.getStatus();
    StringBuilder line = new StringBuilder("error: ").append(status.getCode());
    if (status.getDescription() != null && !status.getDescription().isBlank()) {
      line.append(": ").append(status.getDescription());
    }
    boolean unreachable = status.getCode() == Status.Code.UNAVAILABLE
        || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    if (unreachable && status.getCause() != null && status.getCause().getMessage() != null) {
      // "io exception" alone does not say what went wrong; the transport's cause does.
      line.append(" (").append(status.getCause().getMessage()).append(')');
    }
    err.println(line);
    printFieldViolations(failure, err);
    return unreachable ? ExitCode.UNREACHABLE : ExitCode.REJECTED;
  }

  private static void printFieldViolations(StatusRuntimeException failure, PrintWriter err) {
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    if (details == null) {
      return;
    }
    for (Any detail : details.getDetailsList()) {
      if (!detail.is(BadRequest.class)) {
        continue;
      }
      try {
        for (BadRequest.FieldViolation violation :
            detail.unpack(BadRequest.class).getFieldViolationsList()) {
          err.println("  " + violation.getField() + ": " + violation.getDescription());
        }
      } catch (InvalidProtocolBufferException e) {
        err.println("  (unreadable error details)");
      }
    }
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
      if (result.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}

package io.apigrants.client.cli;

import io.apigrants.client.GrantsClient;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.WatchGrantEventsRequest;
import io.grpc.Context;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grantctl events watch}: follow grant lifecycle events as they happen. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Follows grant lifecycle events (needs token_verifier).",
    subcommands = EventsCommand.Watch.class,
    footerHeading = "%nExample:%n",
    footer = "  grantctl events watch --after 0")
final class EventsCommand extends CommandGroup {

  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = {
          "Prints grant events in order, one line each (one JSON object per line with --json),"
              + " until interrupted or --limit events were printed.",
          "Runs without the call deadline unless --deadline is given."},
      footerHeading = "%nExample:%n",
      footer = "  grantctl events watch --after 1200 --json")
  static final class Watch implements Callable<Integer> {
    @Option(names = "--after", paramLabel = "SEQUENCE", defaultValue = "0",
        description = "Resume after this sequence number; 0 starts with the oldest retained.")
    private long after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
        description = "Stop after this many events; 0 follows until interrupted.")
    private long limit;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      try (GrantsClient client = connection.connect();
          Context.CancellableContext watch = Context.current().withCancellation()) {
        Context previous = watch.attach();
        try {
          TokenVerificationGrpc.TokenVerificationBlockingStub stub = client.tokenVerification();
          if (connection.hasExplicitDeadline()) {
            // A watch is meant to stay open, so only a deadline asked for by name applies.
            stub = stub.withDeadlineAfter(connection.deadline().toMillis(), TimeUnit.MILLISECONDS);
          }
          Iterator<GrantEvent> events = stub.watchGrantEvents(
              WatchGrantEventsRequest.newBuilder().setAfterSequence(after).build());
          long printed = 0;
          while ((limit == 0 || printed < limit) && events.hasNext()) {
            print(events.next());
            printed++;
          }
        } finally {
          // Cancelling ends the stream on the server too, instead of leaving it open.
          watch.detach(previous);
          watch.cancel(null);
        }
      }
      return ExitCode.OK;
    }

    private void print(GrantEvent event) {
      if (output.json()) {
        output.printJsonLine(event);
      } else {
        output.println(String.join("  ", String.valueOf(event.getSequence()),
            Formats.time(event.getEventTime()), event.getType().name(), event.getGrant(),
            event.getUsername(), event.getWorkspace()));
      }
    }
  }
}

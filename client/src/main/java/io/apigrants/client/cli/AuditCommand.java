package io.apigrants.client.cli;

import io.apigrants.v1.AuditEvent;
import io.apigrants.v1.ListAuditEventsRequest;
import io.apigrants.v1.ListAuditEventsResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grantctl audit list}: who changed what, newest first. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Reads the audit trail (needs org_security_admin).",
    subcommands = AuditCommand.Listing.class,
    footerHeading = "%nExample:%n",
    footer = "  grantctl audit list --actor alice")
final class AuditCommand extends CommandGroup {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists audit events, newest first. They never contain a secret.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl audit list --resource grants/0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d")
  static final class Listing implements Callable<Integer> {
    @Option(names = "--resource", paramLabel = "RESOURCE",
        description = "Only events about this resource, e.g. grants/{id} or users/bob.")
    private String target = "";

    @Option(names = "--actor", paramLabel = "USER", description = "Only events caused by this user.")
    private String actor = "";

    @Mixin
    private PageOptions pages;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      ListAuditEventsResponse events = connection.call(client -> pages.fetch((size, token) ->
          client.grantAdmin().listAuditEvents(ListAuditEventsRequest.newBuilder()
              .setPageSize(size)
              .setPageToken(token)
              .setTarget(target)
              .setActor(actor)
              .build())));
      pages.print(output, events, table(events.getAuditEventsList()));
      return ExitCode.OK;
    }

    private static Table table(List<AuditEvent> events) {
      Table table = Table.withHeaders("TIME", "ACTOR", "ACTION", "TARGET", "CHANGES");
      for (AuditEvent event : events) {
        table.row(Formats.time(event.getEventTime()), event.getActor(), event.getAction(),
            event.getTarget(), changes(event));
      }
      return table;
    }

    private static String changes(AuditEvent event) {
      return event.getChangesList().stream()
          .map(change -> change.getField() + ": " + orDash(change.getOldValue()) + " -> "
              + orDash(change.getNewValue()))
          .collect(Collectors.joining("; "));
    }

    private static String orDash(String value) {
      return value.isEmpty() ? "-" : value;
    }
  }
}

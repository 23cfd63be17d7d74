package io.apigrants.client.cli;

import io.apigrants.v1.ListScopesRequest;
import io.apigrants.v1.ListScopesResponse;
import io.apigrants.v1.Scope;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code grantctl scopes list}: the scope catalog grants draw from. */
@Command(
    name = "scopes",
    mixinStandardHelpOptions = true,
    description = "Shows the scopes grants can carry (needs org_security_admin).",
    subcommands = ScopesCommand.Listing.class,
    footerHeading = "%nExample:%n",
    footer = "  grantctl scopes list")
final class ScopesCommand extends CommandGroup {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the scope catalog: the ids to pass to --scope, and what admins see.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl scopes list --json")
  static final class Listing implements Callable<Integer> {
    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      ListScopesResponse scopes = connection.call(client -> client.grantAdmin().listScopes(
          ListScopesRequest.getDefaultInstance()));
      output.print(scopes, table(scopes.getScopesList()));
      return ExitCode.OK;
    }

    private static Table table(List<Scope> scopes) {
      Table table = Table.withHeaders("ID", "DISPLAY NAME");
      for (Scope scope : scopes) {
        table.row(scope.getId(), scope.getDisplayName());
      }
      return table;
    }
  }
}

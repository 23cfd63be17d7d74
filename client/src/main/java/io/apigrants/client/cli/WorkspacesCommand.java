package io.apigrants.client.cli;

import io.apigrants.v1.CreateWorkspaceRequest;
import io.apigrants.v1.ListWorkspacesRequest;
import io.apigrants.v1.ListWorkspacesResponse;
import io.apigrants.v1.Workspace;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grantctl workspaces ...}: the workspaces grants are attributed to. */
@Command(
    name = "workspaces",
    mixinStandardHelpOptions = true,
    description = "Creates and lists workspaces (needs org_security_admin).",
    subcommands = {WorkspacesCommand.Create.class, WorkspacesCommand.Listing.class},
    footerHeading = "%nExample:%n",
    footer = "  grantctl workspaces list")
final class WorkspacesCommand extends CommandGroup {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a workspace; an id already taken is rejected (ALREADY_EXISTS).",
      footerHeading = "%nExample:%n",
      footer = "  grantctl workspaces create finance --display-name \"Finance\"")
  static final class Create implements Callable<Integer> {
    @Parameters(paramLabel = "ID",
        description = "1 to 63 lower-case letters, digits and '-', unique in the organisation.")
    private String id;

    @Option(names = "--display-name", required = true, paramLabel = "TEXT",
        description = "What people see, 1 to 100 characters.")
    private String displayName;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      Workspace workspace = connection.call(client -> client.grantAdmin().createWorkspace(
          CreateWorkspaceRequest.newBuilder()
              .setWorkspace(Workspace.newBuilder().setId(id).setDisplayName(displayName))
              .build()));
      output.print(workspace, table(List.of(workspace)));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the organisation's workspaces.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl workspaces list --all --json")
  static final class Listing implements Callable<Integer> {
    @Mixin
    private PageOptions pages;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      ListWorkspacesResponse workspaces = connection.call(client -> pages.fetch((size, token) ->
          client.grantAdmin().listWorkspaces(
              ListWorkspacesRequest.newBuilder().setPageSize(size).setPageToken(token).build())));
      pages.print(output, workspaces, table(workspaces.getWorkspacesList()));
      return ExitCode.OK;
    }
  }

  private static Table table(List<Workspace> workspaces) {
    Table table = Table.withHeaders("ID", "DISPLAY NAME", "CREATED");
    for (Workspace workspace : workspaces) {
      table.row(workspace.getId(), workspace.getDisplayName(),
          Formats.time(workspace.getCreateTime()));
    }
    return table;
  }
}

package io.apigrants.client.cli;

import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import io.apigrants.v1.CreateGrantRequest;
import io.apigrants.v1.DeleteGrantRequest;
import io.apigrants.v1.DisableGrantRequest;
import io.apigrants.v1.EnableGrantRequest;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.ListGrantsRequest;
import io.apigrants.v1.ListGrantsResponse;
import io.apigrants.v1.UpdateGrantRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grantctl grants ...}: what an Org Security Admin does with API grants. */
@Command(
    name = "grants",
    mixinStandardHelpOptions = true,
    description = "Creates, reads, edits and deletes API grants (needs org_security_admin).",
    subcommands = {
        GrantsCommand.Create.class,
        GrantsCommand.Get.class,
        GrantsCommand.Listing.class,
        GrantsCommand.Update.class,
        GrantsCommand.Delete.class,
        GrantsCommand.Disable.class,
        GrantsCommand.Enable.class},
    footerHeading = "%nExample:%n",
    footer = "  grantctl grants list --workspace finance")
final class GrantsCommand extends CommandGroup {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
          "Creates a grant for one user. Nobody sees a secret yet: the named user gets one with"
              + " 'grantctl my regenerate'.",
          "--quiet prints only the new grant's name, for scripts."},
      footerHeading = "%nExample:%n",
      footer = {
          "  grantctl grants create --client-name \"Budget sync\" --workspace finance \\",
          "      --username bob --scope spreadsheets.read,spreadsheets.write --expires-in 90d \\",
          "      --ip-allowlist \"10.0.0.0/8, 192.168.1.7\""})
  static final class Create implements Callable<Integer> {
    @Option(names = "--client-name", required = true, paramLabel = "TEXT",
        description = "What the grant is for, so people recognise it.")
    private String clientName;

    @Option(names = "--workspace", required = true, paramLabel = "ID",
        description = "Workspace the grant is attributed to; fixed for the grant's life.")
    private String workspace;

    @Option(names = "--username", required = true, paramLabel = "USER",
        description = "The one user the grant belongs to.")
    private String username;

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
        description = "Scope id ('grantctl scopes list'); repeat or separate with commas.")
    private List<String> scopes = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    private ExpiryOptions expiry;

    @Option(names = "--ip-allowlist", paramLabel = "LIST",
        description = "Addresses or CIDR ranges the secret may be used from, comma-separated,"
            + " e.g. \"10.0.0.0/8, 192.168.1.7\". Default: any address.")
    private String ipAllowlist = "";

    @Option(names = "--request-id", paramLabel = "ID",
        description = "Idempotency key: repeating the command with the same id returns the"
            + " grant the first run created instead of a second one.")
    private String requestId = "";

    @Option(names = {"-q", "--quiet"}, description = "Print only the new grant's name.")
    private boolean quiet;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      Grant grant = Grant.newBuilder()
          .setClientName(clientName)
          .setWorkspace(workspace)
          .setUsername(username)
          .addAllScopes(Conversions.commaSeparated(scopes))
          .setExpireTime(expiry.timestamp(Clock.systemUTC()))
          .addAllIpAllowlist(Conversions.commaSeparated(ipAllowlist))
          .build();

      Grant created = connection.call(client -> client.grantAdmin().createGrant(
          CreateGrantRequest.newBuilder()
              .setGrant(grant)
              .setRequestId(requestId)
              .build()));

      if (quiet) {
        output.println(created.getName());
      } else {
        output.print(created, GrantViews.fields(created));
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Shows one grant, without its secret (admins never see one).",
      footerHeading = "%nExample:%n",
      footer = "  grantctl grants get grants/0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d --json")
  static final class Get implements Callable<Integer> {
    @Parameters(paramLabel = "GRANT", description = "grants/{id}, or just the id.")
    private String name;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      Grant grant = connection.call(client -> client.grantAdmin().getGrant(
          GetGrantRequest.newBuilder().setName(GrantViews.name(name)).build()));
      output.print(grant, GrantViews.fields(grant));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the organisation's grants, oldest first.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl grants list --username bob --state enabled --all")
  static final class Listing implements Callable<Integer> {
    @Option(names = "--workspace", paramLabel = "ID", description = "Only this workspace's.")
    private String workspace = "";

    @Option(names = "--username", paramLabel = "USER", description = "Only this user's.")
    private String username = "";

    @Option(names = "--state", paramLabel = "STATE", converter = GrantStateConverter.class,
        description = "Only grants in this state: ENABLED or DISABLED.")
    private Grant.State state;

    @Mixin
    private PageOptions pages;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      ListGrantsResponse grants = connection.call(client -> pages.fetch((size, token) ->
          client.grantAdmin().listGrants(ListGrantsRequest.newBuilder()
              .setPageSize(size)
              .setPageToken(token)
              .setWorkspace(workspace)
              .setUsername(username)
              .setState(state == null ? Grant.State.STATE_UNSPECIFIED : state)
              .build())));
      pages.print(output, grants, GrantViews.table(grants.getGrantsList()));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
          "Edits the fields whose flags are given; the others stay as they are. The workspace"
              + " cannot change. Changing the username invalidates the grant's secret.",
          "",
          "The edit is conditional on the grant's etag, so it never silently overwrites"
              + " someone else's: pass --etag from an earlier 'grants get' to edit only the"
              + " version you looked at. Without --etag, grantctl reads the grant first and"
              + " sends the etag it just read, which still catches an edit made between that"
              + " read and the write (ABORTED, exit code 2)."},
      footerHeading = "%nExample:%n",
      footer = {
          "  grantctl grants update grants/0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d \\",
          "      --username carol --ip-allowlist \"10.0.0.0/8\""})
  static final class Update implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "GRANT", description = "grants/{id}, or just the id.")
    private String name;

    @Option(names = "--client-name", paramLabel = "TEXT", description = "New client name.")
    private String clientName;

    @Option(names = "--username", paramLabel = "USER",
        description = "New owner; invalidates the current secret.")
    private String username;

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
        description = "Replaces the scopes; repeat or separate with commas.")
    private List<String> scopes;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private ExpiryOptions expiry;

    @Option(names = "--ip-allowlist", paramLabel = "LIST",
        description = "Replaces the allowlist, comma-separated; \"\" allows any address.")
    private String ipAllowlist;

    @Option(names = "--etag", paramLabel = "ETAG",
        description = "Edit only if the grant still has this etag (see above).")
    private String etag;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      FieldEdits<Grant.Builder> edits =
          new FieldEdits<>(Grant.newBuilder().setName(GrantViews.name(name)))
              .set("client_name", clientName, Grant.Builder::setClientName)
              .set("username", username, Grant.Builder::setUsername)
              .set("scopes", scopes,
                  (grant, value) -> grant.addAllScopes(Conversions.commaSeparated(value)))
              .set("expire_time", expiry,
                  (grant, value) -> grant.setExpireTime(value.timestamp(Clock.systemUTC())))
              .set("ip_allowlist", ipAllowlist,
                  (grant, value) -> grant.addAllIpAllowlist(Conversions.commaSeparated(value)));
      FieldMask mask = edits.mask(spec, "nothing to update: give at least one of"
          + " --client-name, --username, --scope, --expires-in, --expire-time, --ip-allowlist");
      Grant.Builder grant = edits.resource();

      Grant updated = connection.call(client -> {
        grant.setEtag(etag != null ? etag : client.grantAdmin().getGrant(
            GetGrantRequest.newBuilder().setName(grant.getName()).build()).getEtag());
        return client.grantAdmin().updateGrant(UpdateGrantRequest.newBuilder()
            .setGrant(grant)
            .setUpdateMask(mask)
            .build());
      });
      output.print(updated, GrantViews.fields(updated));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a grant; its secret stops verifying at once.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl grants delete grants/0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d")
  static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "GRANT", description = "grants/{id}, or just the id.")
    private String name;

    @Option(names = "--etag", paramLabel = "ETAG",
        description = "Delete only if the grant still has this etag.")
    private String etag = "";

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      String grant = GrantViews.name(name);
      Empty deleted = connection.call(client -> client.grantAdmin().deleteGrant(
          DeleteGrantRequest.newBuilder().setName(grant).setEtag(etag).build()));
      output.print(deleted, out -> out.println("deleted " + grant));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = "Suspends a grant without deleting it; its secret stops verifying.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl grants disable grants/0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d")
  static final class Disable implements Callable<Integer> {
    @Parameters(paramLabel = "GRANT", description = "grants/{id}, or just the id.")
    private String name;

    @Option(names = "--etag", paramLabel = "ETAG",
        description = "Disable only if the grant still has this etag.")
    private String etag = "";

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      Grant grant = connection.call(client -> client.grantAdmin().disableGrant(
          DisableGrantRequest.newBuilder().setName(GrantViews.name(name)).setEtag(etag).build()));
      output.print(grant, GrantViews.fields(grant));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Lifts a suspension; the secret verifies again if it is still current.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl grants enable grants/0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d")
  static final class Enable implements Callable<Integer> {
    @Parameters(paramLabel = "GRANT", description = "grants/{id}, or just the id.")
    private String name;

    @Option(names = "--etag", paramLabel = "ETAG",
        description = "Enable only if the grant still has this etag.")
    private String etag = "";

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      Grant grant = connection.call(client -> client.grantAdmin().enableGrant(
          EnableGrantRequest.newBuilder().setName(GrantViews.name(name)).setEtag(etag).build()));
      output.print(grant, GrantViews.fields(grant));
      return ExitCode.OK;
    }
  }

  /** Reads ENABLED or DISABLED, in any case; the proto's placeholder values are refused. */
  static final class GrantStateConverter extends Conversions.StateConverter<Grant.State> {
    GrantStateConverter() {
      super("grant state", List.of(Grant.State.ENABLED, Grant.State.DISABLED));
    }
  }
}

package io.apigrants.client.cli;

import io.apigrants.v1.ListUsersRequest;
import io.apigrants.v1.ListUsersResponse;
import io.apigrants.v1.UpsertUserRequest;
import io.apigrants.v1.User;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grantctl users ...}: the users grants can name. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Creates, updates and lists users (needs org_security_admin).",
    subcommands = {UsersCommand.Upsert.class, UsersCommand.Listing.class},
    footerHeading = "%nExample:%n",
    footer = "  grantctl users list")
final class UsersCommand extends CommandGroup {

  @Command(
      name = "upsert",
      mixinStandardHelpOptions = true,
      description = {
          "Creates a user, or sets an existing one's display name and state.",
          "Disabling a user stops all their secrets at once; enabling again does not revive a"
              + " secret that was regenerated or invalidated meanwhile."},
      footerHeading = "%nExample:%n",
      footer = "  grantctl users upsert bob --display-name \"Bob Jones\" --state active")
  static final class Upsert implements Callable<Integer> {
    @Parameters(paramLabel = "USERNAME",
        description = "Login name, as in the identity provider's 'sub' claim.")
    private String username;

    @Option(names = "--display-name", paramLabel = "TEXT", description = "Human-readable name.")
    private String displayName = "";

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "ACTIVE",
        converter = UserStateConverter.class,
        description = "ACTIVE or DISABLED; disabling stops all the user's secrets at once."
            + " Default: ${DEFAULT-VALUE}.")
    private User.State state;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      User user = connection.call(client -> client.grantAdmin().upsertUser(
          UpsertUserRequest.newBuilder()
              .setUser(User.newBuilder()
                  .setUsername(username)
                  .setDisplayName(displayName)
                  .setState(state))
              .build()));
      output.print(user, table(List.of(user)));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the organisation's users.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl users list --all")
  static final class Listing implements Callable<Integer> {
    @Mixin
    private PageOptions pages;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      ListUsersResponse users = connection.call(client -> pages.fetch((size, token) ->
          client.grantAdmin().listUsers(
              ListUsersRequest.newBuilder().setPageSize(size).setPageToken(token).build())));
      pages.print(output, users, table(users.getUsersList()));
      return ExitCode.OK;
    }
  }

  /** Reads ACTIVE or DISABLED, in any case; the proto's placeholder values are refused. */
  static final class UserStateConverter extends Conversions.StateConverter<User.State> {
    UserStateConverter() {
      super("user state", List.of(User.State.ACTIVE, User.State.DISABLED));
    }
  }

  private static Table table(List<User> users) {
    Table table = Table.withHeaders("USERNAME", "DISPLAY NAME", "STATE", "CREATED", "UPDATED");
    for (User user : users) {
      table.row(user.getUsername(), user.getDisplayName(), user.getState(),
          Formats.time(user.getCreateTime()), Formats.time(user.getUpdateTime()));
    }
    return table;
  }
}

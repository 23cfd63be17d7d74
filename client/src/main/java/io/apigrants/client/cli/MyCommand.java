package io.apigrants.client.cli;

import io.apigrants.v1.ListMyGrantsRequest;
import io.apigrants.v1.ListMyGrantsResponse;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grantctl my ...}: what users do with the grants named after them. */
@Command(
    name = "my",
    mixinStandardHelpOptions = true,
    description = "Your own grants and their secrets, as the user in your token.",
    subcommands = {MyCommand.Grants.class, MyCommand.Regenerate.class},
    footerHeading = "%nExample:%n",
    footer = "  grantctl my grants")
final class MyCommand extends CommandGroup {

  @Command(
      name = "grants",
      mixinStandardHelpOptions = true,
      description = "Lists the grants named after you.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl my grants --json")
  static final class Grants implements Callable<Integer> {
    @Mixin
    private PageOptions pages;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      ListMyGrantsResponse grants = connection.call(client -> pages.fetch((size, token) ->
          client.userSecurity().listMyGrants(
              ListMyGrantsRequest.newBuilder().setPageSize(size).setPageToken(token).build())));
      pages.print(output, grants, GrantViews.table(grants.getGrantsList()));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "regenerate",
      mixinStandardHelpOptions = true,
      description = {
          "Generates a new secret for one of your grants and prints it once: it cannot be"
              + " shown again. The previous secret stops verifying at once, or after"
              + " --previous-secret-ttl.",
          "With --quiet, stdout holds only the secret line, ready to pipe into a secret store."},
      footerHeading = "%nExample:%n",
      footer = "  grantctl my regenerate grants/0b5c6d4e-7f80-4a1b-9c2d-3e4f5a6b7c8d --quiet"
          + " | vault kv put secret/budget-sync value=-")
  static final class Regenerate implements Callable<Integer> {
    @Parameters(paramLabel = "GRANT", description = "grants/{id}, or just the id.")
    private String name;

    @Option(names = "--previous-secret-ttl", paramLabel = "DURATION", defaultValue = "0",
        converter = Conversions.DurationConverter.class,
        description = "Keep the previous secret working this long, e.g. 1h, while you roll the"
            + " new one out; capped by the organisation policy. Default: 0 (ends at once).")
    private Duration previousSecretTtl;

    @Option(names = {"-q", "--quiet"}, description = "Print only the secret.")
    private boolean quiet;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      RegenerateSecretResponse response = connection.call(client -> client.userSecurity()
          .regenerateSecret(RegenerateSecretRequest.newBuilder()
              .setName(GrantViews.name(name))
              .setPreviousSecretTtl(Formats.proto(previousSecretTtl))
              .build()));

      output.note("warning: this secret is shown once and cannot be shown again; store it now.");
      if (quiet) {
        output.println(response.getSecret());
      } else if (output.json()) {
        output.printJson(response);
      } else {
        output.print(new Fields()
            .add("name", response.getGrant().getName())
            .add("client id", response.getGrant().getClientId())
            .add("secret hint", response.getGrant().getSecretHint())
            .add("previous secret ends",
                Formats.time(response.getGrant().getPreviousSecretExpireTime())));
        output.println("");
        output.println(response.getSecret());
      }
      return ExitCode.OK;
    }
  }
}

package io.apigrants.client.cli;

import io.apigrants.client.DevTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grantctl dev-token}: a caller token for a development server. */
@Command(
    name = "dev-token",
    mixinStandardHelpOptions = true,
    description = {
        "Prints a caller token signed with the development key that a server on the embedded"
            + " default keeps in its data folder. Only such a server trusts it; a production"
            + " server never has that key.",
        "Roles: org_security_admin for 'grants', 'workspaces', 'users', 'scopes', 'policy' and"
            + " 'audit'; token_verifier for 'verify', 'revoke-leaked', 'tokens' and 'events';"
            + " none for 'my'."},
    footerHeading = "%nExample:%n",
    footer = "  export APIGRANTS_TOKEN=$(grantctl dev-token --user alice --org acme"
        + " --role org_security_admin)")
final class DevTokenCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The server's data folder (env APIGRANTS_DATA_DIR). Default: data.")
  private Path dataDir;

  @Option(names = "--user", required = true, paramLabel = "USER",
      description = "The username ('sub') to act as.")
  private String user;

  @Option(names = "--org", required = true, paramLabel = "ORG",
      description = "The organisation ('org') to act in.")
  private String org;

  @Option(names = "--role", paramLabel = "ROLE", split = ",",
      description = "A role to carry; repeat or separate with commas.")
  private List<String> roles = new ArrayList<>();

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
      converter = Conversions.DurationConverter.class,
      description = "How long the token is valid, at most 30d. Default: ${DEFAULT-VALUE}.")
  private Duration ttl;

  @Option(names = "--issuer", paramLabel = "ISS", defaultValue = DevTokens.DEFAULT_ISSUER,
      description = "The 'iss' claim; must match the server's APIGRANTS_ISSUER."
          + " Default: ${DEFAULT-VALUE}.")
  private String issuer;

  @Option(names = "--audience", paramLabel = "AUD", defaultValue = DevTokens.DEFAULT_AUDIENCE,
      description = "The 'aud' claim; must match the server's APIGRANTS_AUDIENCE."
          + " Default: ${DEFAULT-VALUE}.")
  private String audience;

  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    Path folder = dataDir != null ? dataDir : defaultDataDir();
    DevTokens tokens;
    try {
      tokens = DevTokens.load(folder, issuer, audience, Clock.systemUTC());
    } catch (IOException e) {
      throw new LocalFailure(e.getMessage(), e);
    }

    String token;
    try {
      token = tokens.mint(user, org, Conversions.commaSeparated(roles), ttl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
    }
    // A JWT is base64url and dots: nothing in it needs escaping in a JSON string.
    output.println(output.json() ? "{\"token\": \"" + token + "\"}" : token);
    return ExitCode.OK;
  }

  private Path defaultDataDir() {
    String fromEnvironment = GrantCtl.environment(spec).get("APIGRANTS_DATA_DIR");
    return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? "data" : fromEnvironment);
  }
}

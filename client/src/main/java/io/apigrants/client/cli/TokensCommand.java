package io.apigrants.client.cli;

import io.apigrants.v1.GetSigningKeysRequest;
import io.apigrants.v1.GetSigningKeysResponse;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.VerifyAccessTokenRequest;
import io.apigrants.v1.VerifyAccessTokenResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grantctl tokens ...}: the OAuth2 client-credentials flow that gateways use. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Issues and checks short-lived access tokens (needs token_verifier).",
    subcommands = {
        TokensCommand.Issue.class,
        TokensCommand.Verify.class,
        TokensCommand.SigningKeys.class},
    footerHeading = "%nExample:%n",
    footer = "  grantctl tokens signing-keys")
final class TokensCommand extends CommandGroup {

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = {
          "Exchanges a grant's client id and secret for an access token. Credentials that do"
              + " not verify are an answer (an OAuth2 error code), exit code 0.",
          "Without --secret (or with --secret -) the secret is read from stdin; --quiet prints"
              + " only the token."},
      footerHeading = "%nExample:%n",
      footer = "  grantctl tokens issue --client-id 6f1c...-...  --client-ip 10.1.2.3"
          + " --scope spreadsheets.read --quiet < secret.txt")
  static final class Issue implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--client-id", required = true, paramLabel = "UUID",
        description = "The grant's public client id.")
    private String clientId;

    @Option(names = "--secret", paramLabel = "SECRET",
        description = "The grant's secret; '-' or absent reads it from stdin.")
    private String secret;

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
        description = "Narrow the token to these scopes; default all of the grant's.")
    private List<String> scopes = new ArrayList<>();

    @Option(names = "--client-ip", paramLabel = "IP", defaultValue = "",
        description = "The address the request came from, checked against the allowlist.")
    private String clientIp;

    @Option(names = {"-q", "--quiet"}, description = "Print only the access token.")
    private boolean quiet;

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      String value = SecretInput.read(spec, secret, "secret");

      IssueAccessTokenResponse response = connection.call(client -> client.tokenVerification()
          .issueAccessToken(IssueAccessTokenRequest.newBuilder()
              .setClientId(clientId)
              .setClientSecret(value)
              .addAllScopes(Conversions.commaSeparated(scopes))
              .setClientIp(clientIp)
              .build()));

      if (output.json()) {
        output.printJson(response);
      } else if (!response.getError().isEmpty()) {
        output.print(new Fields()
            .add("error", response.getError())
            .add("reason", response.getReason()));
      } else if (quiet) {
        output.println(response.getAccessToken());
      } else {
        output.print(new Fields()
            .add("token type", response.getTokenType())
            .add("expires in", response.getExpiresIn() + "s")
            .add("scopes", Formats.list(response.getScopesList()))
            .add("access token", response.getAccessToken()));
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
          "Checks an access token, including revocation since it was issued. A token that"
              + " does not verify is an answer, exit code 0.",
          "Without --access-token (or with --access-token -) it is read from stdin."},
      footerHeading = "%nExample:%n",
      footer = "  grantctl tokens verify --scope spreadsheets.read < token.txt")
  static final class Verify implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--access-token", paramLabel = "JWT",
        description = "The access token; '-' or absent reads it from stdin.")
    private String accessToken;

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
        description = "Scope the call needs; repeat or separate with commas.")
    private List<String> scopes = new ArrayList<>();

    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      String value = SecretInput.read(spec, accessToken, "access token");

      VerifyAccessTokenResponse answer = connection.call(client -> client.tokenVerification()
          .verifyAccessToken(VerifyAccessTokenRequest.newBuilder()
              .setAccessToken(value)
              .addAllRequiredScopes(Conversions.commaSeparated(scopes))
              .build()));
      output.print(answer, VerificationAnswer.of(answer).fields());
      return ExitCode.OK;
    }
  }

  @Command(
      name = "signing-keys",
      mixinStandardHelpOptions = true,
      description = "Prints the JWKS that access tokens are signed with, for offline checks.",
      footerHeading = "%nExample:%n",
      footer = "  grantctl tokens signing-keys > apigrants-jwks.json")
  static final class SigningKeys implements Callable<Integer> {
    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
      GetSigningKeysResponse response = connection.call(client -> client.tokenVerification()
          .getSigningKeys(GetSigningKeysRequest.getDefaultInstance()));
      output.print(response, out -> out.println(response.getJwksJson()));
      return ExitCode.OK;
    }
  }
}

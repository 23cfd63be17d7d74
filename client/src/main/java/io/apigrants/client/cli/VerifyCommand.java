package io.apigrants.client.cli;

import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grantctl verify}: what a resource server asks about a secret it received. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Checks a grant secret as a resource server would (needs token_verifier).",
        "A secret that does not verify is an answer, not an error: 'active: false' with a"
            + " reason, exit code 0. Without --secret (or with --secret -) the secret is read"
            + " from stdin, which keeps it out of the process list."},
    footerHeading = "%nExample:%n",
    footer = "  grantctl verify --client-ip 10.1.2.3 --scope spreadsheets.read < secret.txt")
final class VerifyCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--secret", paramLabel = "SECRET",
      description = "The secret to check; '-' or absent reads it from stdin.")
  private String secret;

  @Option(names = "--client-ip", required = true, paramLabel = "IP",
      description = "The address the secret was presented from.")
  private String clientIp;

  @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
      description = "Scope the call needs; repeat or separate with commas.")
  private List<String> scopes = new ArrayList<>();

  @Mixin
  private ConnectionOptions connection;

  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    String value = SecretInput.read(spec, secret, "secret");

    VerifySecretResponse answer = connection.call(client -> client.tokenVerification()
        .verifySecret(VerifySecretRequest.newBuilder()
            .setSecret(value)
            .setClientIp(clientIp)
            .addAllRequiredScopes(Conversions.commaSeparated(scopes))
            .build()));
    output.print(answer, VerificationAnswer.of(answer).fields());
    return ExitCode.OK;
  }
}

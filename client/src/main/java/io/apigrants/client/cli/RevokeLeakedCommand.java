package io.apigrants.client.cli;

import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.RevokeLeakedSecretResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grantctl revoke-leaked}: report a secret found in the wild. */
@Command(
    name = "revoke-leaked",
    mixinStandardHelpOptions = true,
    description = {
        "Invalidates a secret found where it should not be (needs token_verifier). The answer"
            + " is the same whether or not the secret was live; the report is audited.",
        "Without --secret (or with --secret -) the secret is read from stdin."},
    footerHeading = "%nExample:%n",
    footer = "  grantctl revoke-leaked --reporter secret-scanner"
        + " --location https://git.example.com/acme/app/commit/4f2e < leaked.txt")
final class RevokeLeakedCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--secret", paramLabel = "SECRET",
      description = "The secret as found; '-' or absent reads it from stdin.")
  private String secret;

  @Option(names = "--reporter", required = true, paramLabel = "WHO",
      description = "Who or what found it: a scanner's name or a person.")
  private String reporter;

  @Option(names = "--location", paramLabel = "WHERE",
      description = "Where it was found, e.g. a URL.")
  private String location = "";

  @Mixin
  private ConnectionOptions connection;

  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    String value = SecretInput.read(spec, secret, "secret");

    RevokeLeakedSecretResponse response = connection.call(client -> client.tokenVerification()
        .revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
            .setSecret(value)
            .setReporter(reporter)
            .setLocation(location)
            .build()));
    output.print(response,
        out -> out.println("reported: if the secret was live, it no longer verifies"));
    return ExitCode.OK;
  }
}

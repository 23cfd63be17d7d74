package io.apigrants.client.cli;

import io.apigrants.client.GrantsClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the server is and who is calling: {@code --target}, {@code --token}, TLS files and the
 * call deadline, falling back to {@code APIGRANTS_TARGET} and {@code APIGRANTS_TOKEN}.
 */
final class ConnectionOptions {
  static final String DEFAULT_TARGET = "localhost:8443";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--target", paramLabel = "HOST:PORT",
      description = "Server address (env APIGRANTS_TARGET). Default: " + DEFAULT_TARGET + ".")
  private String target;

  @Option(names = "--token", paramLabel = "JWT",
      description = "Bearer token of the caller (env APIGRANTS_TOKEN, which keeps it out of"
          + " the process list). 'grantctl dev-token' mints one for a development server.")
  private String token;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "PEM CA bundle to trust; turns TLS on. Without it the connection is"
          + " plaintext.")
  private Path tlsCa;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM client certificate chain, for mutual TLS (with --tls-key).")
  private Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --tls-cert.")
  private Path tlsKey;

  @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "10s",
      converter = Conversions.DurationConverter.class,
      description = "How long to wait for the server, e.g. 10s or 1m. Default: ${DEFAULT-VALUE}.")
  private Duration deadline;

  /** Connects with the caller's token; fails as a usage error when there is none. */
  GrantsClient connect() {
    String bearer = token().orElseThrow(() -> new LocalFailure(
        "no token: pass --token or set APIGRANTS_TOKEN"
            + " ('grantctl dev-token' mints one for a development server)"));
    return connect(Optional.of(bearer));
  }

  /**
   * Connects with the caller's token, makes the calls {@code calls} makes, and closes the
   * connection before returning their answer. A failed call reaches {@link FailureReporter}.
   */
  <T> T call(Function<GrantsClient, T> calls) {
    try (GrantsClient client = connect()) {
      return calls.apply(client);
    }
  }

  /** Connects without a caller token. */
  GrantsClient connectAnonymously() {
    return connect(Optional.empty());
  }

  private GrantsClient connect(Optional<String> bearer) {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new LocalFailure("--tls-cert and --tls-key go together");
    }
    if (tlsCert != null && tlsCa == null) {
      throw new LocalFailure("--tls-cert needs --tls-ca: mutual TLS is TLS first");
    }
    if (deadline.isZero() || deadline.isNegative()) {
      throw new LocalFailure("--deadline must be positive");
    }
    GrantsClient.Builder builder = GrantsClient.builder(target()).defaultDeadline(deadline);
    bearer.ifPresent(value -> builder.tokens(() -> value));
    if (tlsCa != null) {
      builder.trustedCertificates(tlsCa);
    }
    if (tlsCert != null) {
      builder.clientCertificate(tlsCert, tlsKey);
    }
    try {
      return builder.build();
    } catch (IOException | RuntimeException e) {
      throw new LocalFailure("cannot set up the connection to " + target() + ": "
          + e.getMessage(), e);
    }
  }

  /** The call deadline: the flag's value, or its default. */
  Duration deadline() {
    return deadline;
  }

  /** Whether {@code --deadline} was given on the command line rather than defaulted. */
  boolean hasExplicitDeadline() {
    return mixee.commandLine().getParseResult().hasMatchedOption("--deadline");
  }

  /** The server address from the flag, the environment or the default. */
  String target() {
    return present(target)
        .or(() -> present(GrantCtl.environment(mixee).get("APIGRANTS_TARGET")))
        .orElse(DEFAULT_TARGET);
  }

  private Optional<String> token() {
    return present(token)
        .or(() -> present(GrantCtl.environment(mixee).get("APIGRANTS_TOKEN")));
  }

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}

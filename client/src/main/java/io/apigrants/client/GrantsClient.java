package io.apigrants.client;

import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.UserSecurityGrpc;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.AbstractStub;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A connection to an API Grants server with typed access to its three services.
 *
 * <p>Every stub it hands out carries the bearer token of the configured supplier (asked once per
 * call, so a rotating token source just works) and a default deadline on unary calls, which a
 * caller can shorten or lengthen per call with {@code withDeadlineAfter}.
 *
 * <p>The channel retries {@code UNAVAILABLE} on the idempotent reads (GetGrant, the List methods,
 * GetOrgPolicy, ListMyGrants) and on VerifySecret, VerifyAccessToken and GetSigningKeys. It never
 * retries RegenerateSecret (a retry after a lost answer would mint a second secret and invalidate
 * the first unseen), the other writes, or CreateGrant: a create is safe to repeat only with a
 * {@code request_id}, and a gRPC service config sees the method, not the request, so it cannot
 * tell the two apart. A caller that sets a request id may retry its create itself, with the same
 * id.
 *
 * <pre>{@code
 * try (GrantsClient client = GrantsClient.builder("apigrants.internal:8443")
 *     .trustedCertificates(Path.of("/etc/apigrants/ca.pem"))
 *     .tokens(tokenSource::currentToken)
 *     .build()) {
 *   Grant grant = client.grantAdmin().getGrant(
 *       GetGrantRequest.newBuilder().setName("grants/...").build());
 * }
 * }</pre>
 *
 * <p>Thread-safe; build one per process and share it. Closing it shuts the channel down.
 */
public final class GrantsClient implements AutoCloseable {
  /** Unary calls without an explicit deadline get this one. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private final String target;
  private final ManagedChannel managedChannel;
  private final Channel channel;
  private final Optional<CallCredentials> credentials;
  private final GrantAdminGrpc.GrantAdminBlockingStub grantAdmin;
  private final GrantAdminGrpc.GrantAdminFutureStub grantAdminFuture;
  private final UserSecurityGrpc.UserSecurityBlockingStub userSecurity;
  private final UserSecurityGrpc.UserSecurityFutureStub userSecurityFuture;
  private final TokenVerificationGrpc.TokenVerificationBlockingStub tokenVerification;
  private final TokenVerificationGrpc.TokenVerificationFutureStub tokenVerificationFuture;

  private GrantsClient(Builder builder, ManagedChannel managedChannel) {
    this.target = builder.target;
    this.managedChannel = managedChannel;
    this.channel = ClientInterceptors.intercept(managedChannel,
        new DefaultDeadlineInterceptor(builder.defaultDeadline));
    this.credentials = Optional.ofNullable(builder.tokens).map(BearerTokenCredentials::new);
    this.grantAdmin = authenticated(GrantAdminGrpc.newBlockingStub(channel));
    this.grantAdminFuture = authenticated(GrantAdminGrpc.newFutureStub(channel));
    this.userSecurity = authenticated(UserSecurityGrpc.newBlockingStub(channel));
    this.userSecurityFuture = authenticated(UserSecurityGrpc.newFutureStub(channel));
    this.tokenVerification = authenticated(TokenVerificationGrpc.newBlockingStub(channel));
    this.tokenVerificationFuture = authenticated(TokenVerificationGrpc.newFutureStub(channel));
  }

  /** Starts building a client for {@code target}, a {@code host:port} or a gRPC target URI. */
  public static Builder builder(String target) {
    return new Builder(target);
  }

  private <S extends AbstractStub<S>> S authenticated(S stub) {
    return credentials.map(stub::withCallCredentials).orElse(stub);
  }

  /** Returns the blocking stub of GrantAdmin, the Org Security Admin's service. */
  public GrantAdminGrpc.GrantAdminBlockingStub grantAdmin() {
    return grantAdmin;
  }

  /** Returns the future stub of GrantAdmin. */
  public GrantAdminGrpc.GrantAdminFutureStub grantAdminFuture() {
    return grantAdminFuture;
  }

  /** Returns the blocking stub of UserSecurity, through which users act on their own grants. */
  public UserSecurityGrpc.UserSecurityBlockingStub userSecurity() {
    return userSecurity;
  }

  /** Returns the future stub of UserSecurity. */
  public UserSecurityGrpc.UserSecurityFutureStub userSecurityFuture() {
    return userSecurityFuture;
  }

  /**
   * Returns the blocking stub of TokenVerification, for internal services that check
   * credentials. Its streaming {@code watchGrantEvents} runs without the default deadline.
   */
  public TokenVerificationGrpc.TokenVerificationBlockingStub tokenVerification() {
    return tokenVerification;
  }

  /** Returns the future stub of TokenVerification. */
  public TokenVerificationGrpc.TokenVerificationFutureStub tokenVerificationFuture() {
    return tokenVerificationFuture;
  }

  /**
   * Returns the channel with the default deadline applied, for stubs this class does not hand
   * out (async stubs, health); pair it with {@link #callCredentials()}.
   */
  public Channel channel() {
    return channel;
  }

  /** Returns the bearer-token credentials every stub carries, if a token supplier was set. */
  public Optional<CallCredentials> callCredentials() {
    return credentials;
  }

  /** Returns the target this client connects to. */
  public String target() {
    return target;
  }

  /** Shuts the channel down, waiting briefly for calls in flight before cancelling them. */
  @Override
  public void close() {
    managedChannel.shutdown();
    try {
      if (!managedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
        managedChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      managedChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Names the target only: the token supplier and key files are not printed. */
  @Override
  public String toString() {
    return "GrantsClient[" + target + "]";
  }

  /**
   * Configures a {@link GrantsClient}. Without TLS settings the connection is plaintext, which
   * suits the embedded development server on localhost and nothing else.
   */
  public static final class Builder {
    private final String target;
    private Supplier<String> tokens;
    private Path trustedCertificates;
    private boolean systemTrust;
    private Path clientCertificateChain;
    private Path clientPrivateKey;
    private Duration defaultDeadline = DEFAULT_DEADLINE;
    private int maxAttempts = RetryingServiceConfig.DEFAULT_MAX_ATTEMPTS;

    private Builder(String target) {
      if (target == null || target.isBlank()) {
        throw new IllegalArgumentException("target is required, as host:port");
      }
      this.target = target.strip();
    }

    /**
     * Sets where bearer tokens come from. The supplier is asked on every call, off the calling
     * thread, so it may block to refresh a token; returning null or blank fails the call with
     * {@code UNAUTHENTICATED} before anything is sent.
     */
    public Builder tokens(Supplier<String> tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** Uses TLS, trusting the server certificates signed by the CAs in this PEM file. */
    public Builder trustedCertificates(Path caFile) {
      this.trustedCertificates = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    /** Uses TLS, trusting the JDK's default certificate authorities. */
    public Builder useSystemTrust() {
      this.systemTrust = true;
      return this;
    }

    /**
     * Presents a client certificate for mutual TLS: a PEM certificate chain and its PEM PKCS#8
     * private key. Needs TLS, so also call {@link #trustedCertificates} or
     * {@link #useSystemTrust}.
     */
    public Builder clientCertificate(Path certificateChain, Path privateKey) {
      this.clientCertificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
      this.clientPrivateKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /** Sets the deadline of unary calls that set none themselves; default ten seconds. */
    public Builder defaultDeadline(Duration deadline) {
      if (deadline == null || deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("the default deadline must be positive");
      }
      this.defaultDeadline = deadline;
      return this;
    }

    /**
     * Sets how many times in all a retryable call is tried on {@code UNAVAILABLE}, 1 (no retry)
     * to 5; default 4.
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > RetryingServiceConfig.MAX_ATTEMPTS_LIMIT) {
        throw new IllegalArgumentException("maxAttempts must be 1 to "
            + RetryingServiceConfig.MAX_ATTEMPTS_LIMIT);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Builds the client; the channel connects lazily, on the first call.
     *
     * @throws IOException if a TLS file cannot be read or parsed
     */
    public GrantsClient build() throws IOException {
      var channelBuilder = Grpc.newChannelBuilder(target, channelCredentials())
          .userAgent("apigrants-client")
          // Our retry policy must not be replaced by one published in DNS.
          .disableServiceConfigLookUp()
          .defaultServiceConfig(RetryingServiceConfig.build(maxAttempts))
          .maxRetryAttempts(RetryingServiceConfig.MAX_ATTEMPTS_LIMIT);
      if (maxAttempts > 1) {
        channelBuilder.enableRetry();
      } else {
        channelBuilder.disableRetry();
      }
      return new GrantsClient(this, channelBuilder.build());
    }

    private ChannelCredentials channelCredentials() throws IOException {
      boolean tls = trustedCertificates != null || systemTrust;
      if (!tls) {
        if (clientCertificateChain != null) {
          throw new IllegalStateException(
              "a client certificate needs TLS: set trustedCertificates or useSystemTrust");
        }
        return InsecureChannelCredentials.create();
      }
      TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
      if (trustedCertificates != null) {
        credentials.trustManager(trustedCertificates.toFile());
      }
      if (clientCertificateChain != null) {
        credentials.keyManager(clientCertificateChain.toFile(), clientPrivateKey.toFile());
      }
      return credentials.build();
    }
  }
}

package io.apigrants.server.testing;

import com.google.protobuf.Duration;
import io.apigrants.v1.ListMyGrantsRequest;
import io.apigrants.v1.ListMyGrantsResponse;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.apigrants.server.grant.GrantNames;
import java.util.List;
import java.util.UUID;

/**
 * A test server on a movable clock with a row writer and short calls for the secret RPCs, so
 * secret and verification tests read as the story they tell.
 */
public final class SecretScenario implements AutoCloseable {
  private final MutableClock clock;
  private final TestServer server;
  private final GrantRows rows;

  private SecretScenario(MutableClock clock, TestServer server) {
    this.clock = clock;
    this.server = server;
    this.rows = new GrantRows(server, clock);
  }

  /** Starts a server on {@code store} with a clock that starts now. */
  public static SecretScenario start(TestServer.Store store) {
    MutableClock clock = MutableClock.startingNow();
    return new SecretScenario(clock, TestServer.start(store, clock));
  }

  public MutableClock clock() {
    return clock;
  }

  public TestServer server() {
    return server;
  }

  public GrantRows rows() {
    return rows;
  }

  /** {@code username} regenerates the grant's secret with no grace period. */
  public RegenerateSecretResponse regenerate(String org, String username, UUID grantId) {
    return regenerate(org, username, grantId, java.time.Duration.ZERO);
  }

  public RegenerateSecretResponse regenerate(String org, String username, UUID grantId,
      java.time.Duration previousSecretTtl) {
    return server.user(org, username).regenerateSecret(RegenerateSecretRequest.newBuilder()
        .setName(GrantNames.format(grantId))
        .setPreviousSecretTtl(Duration.newBuilder()
            .setSeconds(previousSecretTtl.getSeconds())
            .setNanos(previousSecretTtl.getNano()))
        .build());
  }

  /** A verifier of {@code org} checks {@code secret} presented from {@code clientIp}. */
  public VerifySecretResponse verify(String org, String secret, String clientIp,
      String... requiredScopes) {
    return server.verifier(org).verifySecret(VerifySecretRequest.newBuilder()
        .setSecret(secret)
        .setClientIp(clientIp)
        .addAllRequiredScopes(List.of(requiredScopes))
        .build());
  }

  /** The first page of {@code username}'s own grants. */
  public ListMyGrantsResponse listMyGrants(String org, String username) {
    return server.user(org, username).listMyGrants(ListMyGrantsRequest.getDefaultInstance());
  }

  @Override
  public void close() {
    server.close();
  }
}

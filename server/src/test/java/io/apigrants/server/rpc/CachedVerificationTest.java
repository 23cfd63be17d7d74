package io.apigrants.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A secret answered from the cache stops verifying on this server the moment a change that turns
 * it off commits: on H2 (one node, in-process invalidation) as on PostgreSQL. No waiting here.
 */
@ParameterizedClass
@EnumSource(TestServer.Store.class)
class CachedVerificationTest {
  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();

  @BeforeParameterizedClassInvocation
  static void startServer(TestServer.Store store) {
    scenario = SecretScenario.start(store);
  }

  @AfterParameterizedClassInvocation
  static void stopServer() {
    scenario.close();
  }

  @Test
  void regeneratedSecretIsUnknownAtOnce() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    assertThat(scenario.verify(org, secret, "10.0.0.1").getActive()).isTrue();

    scenario.regenerate(org, "alice", grantId);

    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
  }

  @Test
  void leakedSecretIsUnknownAtOnce() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    assertThat(scenario.verify(org, secret, "10.0.0.1").getActive()).isTrue();

    scenario.server().verifier(org).revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
        .setSecret(secret)
        .setReporter("scanner")
        .build());

    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
  }

  @Test
  void disabledGrantAndUserAreSeenAtOnce() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    assertThat(scenario.verify(org, secret, "10.0.0.1").getActive()).isTrue();

    scenario.rows().setGrantDisabled(grantId, true);
    InactiveReason grantDisabled = scenario.verify(org, secret, "10.0.0.1").getReason();
    scenario.rows().setGrantDisabled(grantId, false);
    scenario.rows().setUserDisabled(org, "alice", true);
    InactiveReason userDisabled = scenario.verify(org, secret, "10.0.0.1").getReason();

    assertThat(grantDisabled).isEqualTo(InactiveReason.GRANT_DISABLED);
    assertThat(userDisabled).isEqualTo(InactiveReason.USER_DISABLED);
  }

  @Test
  void cachedSecretStillExpiresOnTime() {
    UUID grantId = scenario.rows().grant(org, "alice")
        .expireTime(scenario.clock().instant().plus(Duration.ofMinutes(5)))
        .insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    assertThat(scenario.verify(org, secret, "10.0.0.1").getActive()).isTrue();

    scenario.clock().advance(Duration.ofMinutes(5));

    assertThat(scenario.verify(org, secret, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.EXPIRED);
  }

  @Test
  void cachedPreviousSecretStopsWhenItsGracePeriodEnds() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String previous = scenario.regenerate(org, "alice", grantId).getSecret();
    scenario.regenerate(org, "alice", grantId, Duration.ofMinutes(2));
    assertThat(scenario.verify(org, previous, "10.0.0.1").getActive()).isTrue();

    scenario.clock().advance(Duration.ofMinutes(2));

    assertThat(scenario.verify(org, previous, "10.0.0.1").getReason())
        .isEqualTo(InactiveReason.UNKNOWN);
  }
}

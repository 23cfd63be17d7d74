package io.apigrants.server.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GracePeriodTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant GRANT_EXPIRY = NOW.plus(Duration.ofDays(10));

  @Test
  void zeroEndsThePreviousSecretAtOnce() {
    assertThat(GracePeriod.previousSecretEnd(Duration.ZERO, Duration.ofHours(24), NOW,
        GRANT_EXPIRY)).isEmpty();
  }

  @Test
  void requestWithinThePolicyIsGranted() {
    assertThat(GracePeriod.previousSecretEnd(Duration.ofMinutes(30), Duration.ofHours(24), NOW,
        GRANT_EXPIRY)).contains(NOW.plus(Duration.ofMinutes(30)));
  }

  @Test
  void requestIsCappedByThePolicy() {
    assertThat(GracePeriod.previousSecretEnd(Duration.ofDays(3), Duration.ofHours(2), NOW,
        GRANT_EXPIRY)).contains(NOW.plus(Duration.ofHours(2)));
  }

  @Test
  void policyOfZeroAllowsNoGrace() {
    assertThat(GracePeriod.previousSecretEnd(Duration.ofHours(1), Duration.ZERO, NOW,
        GRANT_EXPIRY)).isEmpty();
  }

  @Test
  void graceNeverOutlastsTheGrant() {
    Instant soon = NOW.plus(Duration.ofMinutes(5));

    assertThat(GracePeriod.previousSecretEnd(Duration.ofHours(1), Duration.ofHours(24), NOW,
        soon)).contains(soon);
  }
}

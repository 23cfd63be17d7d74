package io.apigrants.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GetSigningKeysRequest;
import io.apigrants.v1.InactiveReason;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing keys rotate on the clock; tokens of the previous key verify until they expire. */
class SigningKeyRotationTest {

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void rotationKeepsEarlierTokensValidUntilTheyExpire(TestServer.Store store) throws Exception {
    // Five minutes before a daily rotation boundary.
    Instant boundary = nextDailyBoundary();
    MutableClock clock = new MutableClock(boundary.minus(Duration.ofMinutes(5)));
    try (TokenFixture fixture = TokenFixture.start(store, clock)) {
      StoredGrant grant = fixture.grantWithSecret("alice", "secret-alice");
      String before = fixture.issue(grant, "secret-alice").getAccessToken();

      clock.advance(Duration.ofMinutes(6));
      String after = fixture.issue(grant, "secret-alice").getAccessToken();
      boolean beforeActiveAfterRotation = fixture.verify(before).getActive();
      List<String> publishedAfterRotation = publishedKids(fixture);
      clock.advance(Duration.ofMinutes(5));
      InactiveReason beforeOnceExpired = fixture.verify(before).getReason();
      boolean afterStillActive = fixture.verify(after).getActive();
      // The old key retires at the boundary + token lifetime + one minute of skew.
      clock.advance(Duration.ofMinutes(6));
      List<String> publishedOnceRetired = publishedKids(fixture);

      String oldKid = kid(before);
      String newKid = kid(after);
      assertThat(newKid).isNotEqualTo(oldKid);
      assertThat(beforeActiveAfterRotation).isTrue();
      assertThat(publishedAfterRotation).containsExactlyInAnyOrder(oldKid, newKid);
      assertThat(beforeOnceExpired).isEqualTo(InactiveReason.EXPIRED);
      assertThat(afterStillActive).isTrue();
      assertThat(publishedOnceRetired).containsExactly(newKid);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void nextKeyIsPublishedAnHourAheadAndSignsOnlyFromItsPeriod(TestServer.Store store)
      throws Exception {
    Instant boundary = nextDailyBoundary();
    MutableClock clock = new MutableClock(boundary.minus(Duration.ofHours(2)));
    try (TokenFixture fixture = TokenFixture.start(store, clock)) {
      StoredGrant grant = fixture.grantWithSecret("alice", "secret-alice");
      List<String> twoHoursBefore = publishedKids(fixture);
      clock.advance(Duration.ofMinutes(115));
      List<String> fiveMinutesBefore = publishedKids(fixture);
      String signedBefore = kid(fixture.issue(grant, "secret-alice").getAccessToken());

      clock.advance(Duration.ofMinutes(6));
      String signedAfter = kid(fixture.issue(grant, "secret-alice").getAccessToken());

      assertThat(twoHoursBefore).containsExactly(signedBefore);
      assertThat(signedAfter).isNotEqualTo(signedBefore);
      assertThat(fiveMinutesBefore).containsExactlyInAnyOrder(signedBefore, signedAfter);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void publishedKeysArePublicOnly(TestServer.Store store) throws Exception {
    try (TokenFixture fixture = TokenFixture.start(store, MutableClock.startingNow())) {
      String jwks = fixture.server().verifier(TokenFixture.ORG)
          .getSigningKeys(GetSigningKeysRequest.getDefaultInstance()).getJwksJson();

      List<JWK> keys = JWKSet.parse(jwks).getKeys();

      assertThat(keys).isNotEmpty();
      assertThat(keys).allSatisfy(key -> {
        assertThat(key.isPrivate()).isFalse();
        assertThat(key.getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(key.getKeyID()).isNotBlank();
      });
      assertThat(jwks).doesNotContain("\"d\"");
    }
  }

  /** The next start of a default (daily) rotation period after the real time. */
  private static Instant nextDailyBoundary() {
    return Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
  }

  private static List<String> publishedKids(TokenFixture fixture) throws Exception {
    String jwks = fixture.server().verifier(TokenFixture.ORG)
        .getSigningKeys(GetSigningKeysRequest.getDefaultInstance()).getJwksJson();
    return JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).toList();
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }
}

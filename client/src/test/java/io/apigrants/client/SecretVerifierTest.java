package io.apigrants.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.apigrants.client.testing.FakeTicker;
import io.apigrants.client.testing.Grants;
import io.apigrants.client.testing.ScriptedServer;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.Grant;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.RevokeLeakedSecretRequest;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretVerifierTest {
  private static final Duration TTL = Duration.ofSeconds(3);
  private static final String SECRET = "wk_secret:not-a-real-one";
  private static final VerifySecretResponse ACTIVE = VerifySecretResponse.newBuilder()
      .setActive(true)
      .setGrant("grants/00000000-0000-4000-8000-000000000001")
      .setUsername("bob")
      .build();
  private static final VerifySecretResponse UNKNOWN = VerifySecretResponse.newBuilder()
      .setActive(false)
      .setReason(InactiveReason.UNKNOWN)
      .build();

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void cacheNeverAnswersForARevokedSecretOnceTheTtlHasPassed() throws IOException {
    try (TestServer server = TestServer.h2();
        GrantsClient gateway = GrantsClient.builder("localhost:" + server.port())
            .tokens(() -> server.tokens().mint("svc-gateway", "acme", Roles.TOKEN_VERIFIER))
            .build()) {
      Grant grant = Grants.create(server.admin("acme", "alice"), "bob");
      String secret = server.user("acme", "bob").regenerateSecret(
          RegenerateSecretRequest.newBuilder().setName(grant.getName()).build()).getSecret();
      SecretVerifier verifier = SecretVerifier.builder(gateway).cacheTtl(TTL).ticker(ticker).build();
      SecretVerification before = verifier.verify(secret, "10.1.2.3", grant.getScopesList());

      gateway.tokenVerification().revokeLeakedSecret(RevokeLeakedSecretRequest.newBuilder()
          .setSecret(secret)
          .setReporter("secret-scanner")
          .build());
      VerifySecretResponse serverSays = gateway.tokenVerification().verifySecret(
          VerifySecretRequest.newBuilder()
              .setSecret(secret)
              .setClientIp("10.1.2.3")
              .addAllRequiredScopes(grant.getScopesList())
              .build());
      ticker.advance(TTL);
      SecretVerification afterTtl = verifier.verify(secret, "10.1.2.3", grant.getScopesList());
      ticker.advance(TTL.multipliedBy(10));
      SecretVerification later = verifier.verify(secret, "10.1.2.3", grant.getScopesList());

      assertThat(before.active()).isTrue();
      assertThat(before.username()).isEqualTo("bob");
      assertThat(serverSays.getActive()).isFalse();
      assertThat(afterTtl.active()).isFalse();
      assertThat(afterTtl.reason()).isEqualTo(serverSays.getReason());
      assertThat(later.active()).isFalse();
    }
  }

  @Test
  void positiveAnswerIsReusedOnlyWithinTheTtl() throws IOException {
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target()).tokens(() -> "t").build()) {
      server.answerVerify(ACTIVE);
      SecretVerifier verifier = SecretVerifier.builder(client).cacheTtl(TTL).ticker(ticker).build();

      SecretVerification first = verifier.verify(SECRET, "10.0.0.1", List.of("a"));
      ticker.advance(TTL.minusMillis(1));
      SecretVerification cached = verifier.verify(SECRET, "10.0.0.1", List.of("a"));
      int callsWithinTtl = server.calls("VerifySecret");
      server.answerVerify(UNKNOWN);
      ticker.advance(Duration.ofMillis(1));
      SecretVerification afterTtl = verifier.verify(SECRET, "10.0.0.1", List.of("a"));

      assertThat(first.active()).isTrue();
      assertThat(cached.active()).isTrue();
      assertThat(callsWithinTtl).isEqualTo(1);
      assertThat(afterTtl.active()).isFalse();
      assertThat(afterTtl.reason()).isEqualTo(InactiveReason.UNKNOWN);
      assertThat(server.calls("VerifySecret")).isEqualTo(2);
    }
  }

  @Test
  void negativeAnswerIsNeverCached() throws IOException {
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target()).tokens(() -> "t").build()) {
      server.answerVerify(UNKNOWN);
      SecretVerifier verifier = SecretVerifier.builder(client).cacheTtl(TTL).ticker(ticker).build();

      SecretVerification first = verifier.verify(SECRET, "10.0.0.1", List.of());
      server.answerVerify(ACTIVE);
      SecretVerification second = verifier.verify(SECRET, "10.0.0.1", List.of());

      assertThat(first.active()).isFalse();
      assertThat(second.active()).isTrue();
      assertThat(server.calls("VerifySecret")).isEqualTo(2);
    }
  }

  @Test
  void anotherIpOrScopeSetIsAnotherQuestion() throws IOException {
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target()).tokens(() -> "t").build()) {
      server.answerVerify(ACTIVE);
      SecretVerifier verifier = SecretVerifier.builder(client).cacheTtl(TTL).ticker(ticker).build();

      verifier.verify(SECRET, "10.0.0.1", List.of("a", "b"));
      verifier.verify(SECRET, "10.0.0.2", List.of("a", "b"));
      verifier.verify(SECRET, "10.0.0.1", List.of("a"));
      verifier.verify("wk_secret:another-one", "10.0.0.1", List.of("a", "b"));
      int distinctQuestions = server.calls("VerifySecret");
      verifier.verify(SECRET, "10.0.0.1", List.of("b", "a", "b"));

      assertThat(distinctQuestions).isEqualTo(4);
      assertThat(server.calls("VerifySecret")).isEqualTo(4);
    }
  }

  @Test
  void cachedAnswerNeverOutlivesItsGrant() throws IOException {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target()).tokens(() -> "t").build()) {
      server.answerVerify(ACTIVE.toBuilder()
          .setExpireTime(Timestamp.newBuilder().setSeconds(now.plusSeconds(1).getEpochSecond()))
          .build());
      SecretVerifier verifier = SecretVerifier.builder(client)
          .cacheTtl(TTL)
          .ticker(ticker)
          .clock(Clock.fixed(now, ZoneOffset.UTC))
          .build();

      verifier.verify(SECRET, "10.0.0.1", List.of());
      ticker.advance(Duration.ofSeconds(1));
      verifier.verify(SECRET, "10.0.0.1", List.of());

      assertThat(server.calls("VerifySecret")).isEqualTo(2);
    }
  }

  @Test
  void zeroTtlTurnsTheCacheOff() throws IOException {
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target()).tokens(() -> "t").build()) {
      server.answerVerify(ACTIVE);
      SecretVerifier verifier = SecretVerifier.builder(client).cacheTtl(Duration.ZERO).build();

      verifier.verify(SECRET, "10.0.0.1", List.of());
      verifier.verify(SECRET, "10.0.0.1", List.of());

      assertThat(server.calls("VerifySecret")).isEqualTo(2);
    }
  }

  @Test
  void serverThatCannotAnswerIsAnErrorNotAnInactiveAnswer() throws IOException {
    try (ScriptedServer server = ScriptedServer.start();
        GrantsClient client = GrantsClient.builder(server.target())
            .tokens(() -> "t")
            .maxAttempts(2)
            .build()) {
      server.failNext("VerifySecret", Status.UNAVAILABLE, 2);
      SecretVerifier verifier = SecretVerifier.builder(client).ticker(ticker).build();

      assertThatThrownBy(() -> verifier.verify(SECRET, "10.0.0.1", List.of()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  @Test
  void ttlAboveTheLimitIsRefused() throws IOException {
    try (GrantsClient client = GrantsClient.builder("localhost:1").build()) {

      assertThatThrownBy(() -> SecretVerifier.builder(client)
          .cacheTtl(SecretVerifier.MAX_CACHE_TTL.plusSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void cacheKeyDependsOnEveryPartButHoldsNoSecret() {
    byte[] salt = new byte[16];

    VerificationCacheKey key = VerificationCacheKey.of(salt, SECRET, "10.0.0.1", List.of("b", "a"));

    assertThat(key.digest()).doesNotContain("not-a-real-one").hasSize(64);
    assertThat(key.toString()).doesNotContain("not-a-real-one");
    assertThat(key).isEqualTo(VerificationCacheKey.of(salt, SECRET, "10.0.0.1", List.of("a", "b")))
        .isNotEqualTo(VerificationCacheKey.of(salt, SECRET, "10.0.0.2", List.of("a", "b")))
        .isNotEqualTo(VerificationCacheKey.of(salt, SECRET + "x", "10.0.0.1", List.of("a", "b")))
        .isNotEqualTo(VerificationCacheKey.of(salt, SECRET, "10.0.0.1", List.of("a")))
        .isNotEqualTo(VerificationCacheKey.of(new byte[] {1}, SECRET, "10.0.0.1",
            List.of("a", "b")));
  }

  @Test
  void lengthPrefixesKeepShiftedBoundariesApart() {
    byte[] salt = new byte[16];

    VerificationCacheKey one = VerificationCacheKey.of(salt, "ab", "c", List.of());
    VerificationCacheKey other = VerificationCacheKey.of(salt, "a", "bc", List.of());

    assertThat(one).isNotEqualTo(other);
  }
}

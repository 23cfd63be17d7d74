package io.apigrants.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.VerifyAccessTokenResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offline verifier against a real server: it fetches the published keys once, then checks
 * tokens without calls; keys are published ahead of rotation, and a key it has not seen makes it
 * fetch again.
 */
class OfflineTokenVerifierTest {
  private static final String ORG = "acme";

  private final AtomicInteger keyFetches = new AtomicInteger();
  private MutableClock clock;
  private TestServer server;
  private String secret;
  private StoredGrant grant;
  private OfflineTokenVerifier verifier;

  @BeforeEach
  void startServer() {
    // Ten minutes before a daily key rotation.
    Instant boundary = Instant.ofEpochSecond(
        (Instant.now().getEpochSecond() / 86_400 + 1) * 86_400);
    clock = new MutableClock(boundary.minus(Duration.ofMinutes(10)));
    server = TestServer.start(TestServer.Store.H2, clock);
    grant = new GrantRows(server, clock).create(ORG, "alice");
    secret = server.user(ORG, "alice").regenerateSecret(RegenerateSecretRequest.newBuilder()
        .setName(grant.name()).build()).getSecret();
    verifier = OfflineTokenVerifier.newBuilder(countingKeyFetches(server.channel()))
        .callCredentials(TestServer.bearer(
            server.tokens().mint("svc-gateway", ORG, Roles.TOKEN_VERIFIER)))
        .clock(clock)
        .build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void issuedTokenVerifiesWithOneKeyFetchForManyChecks() {
    String token = issue();

    List<VerifyAccessTokenResponse> answers = List.of(
        verifier.verify(token, List.of("spreadsheets.read")),
        verifier.verify(token, List.of()),
        verifier.verify(token, List.of("spreadsheets.write")));

    assertThat(answers).allSatisfy(answer -> {
      assertThat(answer.getActive()).isTrue();
      assertThat(answer.getGrant()).isEqualTo(grant.name());
      assertThat(answer.getClientId()).isEqualTo(grant.clientId().toString());
      assertThat(answer.getOrg()).isEqualTo(ORG);
      assertThat(answer.getWorkspace()).isEqualTo(GrantRows.WORKSPACE_ID);
      assertThat(answer.getUsername()).isEqualTo("alice");
      assertThat(answer.getScopesList()).containsExactlyElementsOf(GrantRows.SCOPES);
    });
    assertThat(keyFetches).hasValue(1);
  }

  @Test
  void revocationIsSeenOnlyOnceTheTokenExpires() {
    String token = issue();
    new GrantRows(server, clock).bumpGeneration(grant.id());

    VerifyAccessTokenResponse beforeExpiry = verifier.verify(token, List.of());
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    VerifyAccessTokenResponse afterExpiry = verifier.verify(token, List.of());

    assertThat(beforeExpiry.getActive()).isTrue();
    assertThat(afterExpiry.getActive()).isFalse();
    assertThat(afterExpiry.getReason()).isEqualTo(InactiveReason.EXPIRED);
  }

  @Test
  void scopeTheTokenLacksIsMissing() {
    String token = issue("spreadsheets.read");

    VerifyAccessTokenResponse answer = verifier.verify(token, List.of("spreadsheets.write"));

    assertThat(answer.getActive()).isFalse();
    assertThat(answer.getReason()).isEqualTo(InactiveReason.MISSING_SCOPE);
  }

  @Test
  void tokenForAnotherAudienceOrDamagedIsMalformed() {
    String token = issue();
    OfflineTokenVerifier otherAudience = OfflineTokenVerifier.newBuilder(server.channel())
        .callCredentials(TestServer.bearer(
            server.tokens().mint("svc-other", ORG, Roles.TOKEN_VERIFIER)))
        .audience("another-api")
        .clock(clock)
        .build();
    String[] parts = token.split("\\.");
    String damaged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10)
        + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11);

    assertThat(otherAudience.verify(token, List.of()).getReason())
        .isEqualTo(InactiveReason.MALFORMED);
    assertThat(verifier.verify(damaged, List.of()).getReason())
        .isEqualTo(InactiveReason.MALFORMED);
    assertThat(verifier.verify("not.a.token", List.of()).getReason())
        .isEqualTo(InactiveReason.MALFORMED);
  }

  @Test
  void keySetFetchedJustBeforeRotationAlreadyHoldsTheNextKey() {
    String before = issue();
    assertThat(verifier.verify(before, List.of()).getActive()).isTrue();

    clock.advance(Duration.ofMinutes(11));
    String after = issue();
    VerifyAccessTokenResponse answer = verifier.verify(after, List.of());

    assertThat(kid(after)).isNotEqualTo(kid(before));
    assertThat(answer.getActive()).isTrue();
    assertThat(keyFetches).hasValue(1);
  }

  @Test
  void unknownKeyIsFetchedOnceWhenFirstSeen() {
    OfflineTokenVerifier keepsKeysTwoDays = OfflineTokenVerifier
        .newBuilder(countingKeyFetches(server.channel()))
        .callCredentials(TestServer.bearer(
            server.tokens().mint("svc-gateway", ORG, Roles.TOKEN_VERIFIER)))
        .maxKeyAge(Duration.ofDays(2))
        .clock(clock)
        .build();
    assertThat(keepsKeysTwoDays.verify(issue(), List.of()).getActive()).isTrue();

    // Past the next rotation too: the key signing then was published after the fetch.
    clock.advance(Duration.ofDays(1).plusMinutes(11));
    String later = issue();
    VerifyAccessTokenResponse answer = keepsKeysTwoDays.verify(later, List.of());
    VerifyAccessTokenResponse again = keepsKeysTwoDays.verify(later, List.of());

    assertThat(answer.getActive()).isTrue();
    assertThat(again.getActive()).isTrue();
    assertThat(keyFetches).hasValue(2);
  }

  private String issue(String... scopes) {
    return TokenVerificationGrpc.newBlockingStub(server.channel())
        .withCallCredentials(TestServer.bearer(
            server.tokens().mint("svc-gateway", ORG, Roles.TOKEN_VERIFIER)))
        .issueAccessToken(IssueAccessTokenRequest.newBuilder()
            .setClientId(grant.clientId().toString())
            .setClientSecret(secret)
            .addAllScopes(List.of(scopes))
            .setClientIp("198.51.100.4")
            .build())
        .getAccessToken();
  }

  private static String kid(String token) {
    try {
      return SignedJWT.parse(token).getHeader().getKeyID();
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  private Channel countingKeyFetches(Channel channel) {
    return ClientInterceptors.intercept(channel, new ClientInterceptor() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
          MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        if (method.getBareMethodName().equals("GetSigningKeys")) {
          keyFetches.incrementAndGet();
        }
        return next.newCall(method, options);
      }
    });
  }
}

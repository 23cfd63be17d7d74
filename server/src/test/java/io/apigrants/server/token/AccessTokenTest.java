package io.apigrants.server.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.testing.FakeCredentials;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.IssueAccessTokenRequest;
import io.apigrants.v1.IssueAccessTokenResponse;
import io.apigrants.v1.VerifyAccessTokenRequest;
import io.apigrants.v1.VerifyAccessTokenResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * IssueAccessToken and VerifyAccessToken through a real server on each store. Client secrets
 * are checked by {@link FakeCredentials}; grant state is written straight into the database.
 * Tests here share one server per store and never move its clock.
 */
class AccessTokenTest {
  private static final String ORG = TokenFixture.ORG;
  private static final Map<TestServer.Store, TokenFixture> fixtures =
      new EnumMap<>(TestServer.Store.class);

  @BeforeAll
  static void startServers() {
    for (TestServer.Store store : TestServer.Store.values()) {
      fixtures.put(store, TokenFixture.start(store, MutableClock.startingNow()));
    }
  }

  @AfterAll
  static void stopServers() {
    fixtures.values().forEach(TokenFixture::close);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void issuedTokenVerifiesWithTheGrantsIdentity(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("alice", "secret-issue-" + store);

    IssueAccessTokenResponse issued = fixture.issue(grant, "secret-issue-" + store);
    VerifyAccessTokenResponse verified =
        fixture.verify(issued.getAccessToken(), "spreadsheets.read");

    assertThat(issued.getError()).isEmpty();
    assertThat(issued.getTokenType()).isEqualTo("Bearer");
    assertThat(issued.getExpiresIn()).isEqualTo(600);
    assertThat(issued.getScopesList()).containsExactlyElementsOf(GrantRows.SCOPES);
    assertThat(verified.getActive()).isTrue();
    assertThat(verified.getGrant()).isEqualTo(grant.name());
    assertThat(verified.getClientId()).isEqualTo(grant.clientId().toString());
    assertThat(verified.getOrg()).isEqualTo(ORG);
    assertThat(verified.getWorkspace()).isEqualTo(GrantRows.WORKSPACE_ID);
    assertThat(verified.getUsername()).isEqualTo("alice");
    assertThat(verified.getScopesList()).containsExactlyElementsOf(GrantRows.SCOPES);
    assertThat(Duration.between(fixture.clock().instant(),
        Instant.ofEpochSecond(verified.getExpireTime().getSeconds())))
        .isBetween(Duration.ofSeconds(600), Duration.ofSeconds(601));
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void narrowerScopesAreAllTheTokenCarries(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("bob", "secret-narrow-" + store);

    IssueAccessTokenResponse issued =
        fixture.issue(grant, "secret-narrow-" + store, "spreadsheets.read");
    VerifyAccessTokenResponse forRead =
        fixture.verify(issued.getAccessToken(), "spreadsheets.read");
    VerifyAccessTokenResponse forWrite =
        fixture.verify(issued.getAccessToken(), "spreadsheets.write");

    assertThat(issued.getScopesList()).containsExactly("spreadsheets.read");
    assertThat(forRead.getActive()).isTrue();
    assertThat(forRead.getScopesList()).containsExactly("spreadsheets.read");
    assertThat(forWrite.getActive()).isFalse();
    assertThat(forWrite.getReason()).isEqualTo(InactiveReason.MISSING_SCOPE);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void scopeTheGrantLacksIsInvalidScope(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("carol", "secret-badscope-" + store);

    IssueAccessTokenResponse issued = fixture.issue(
        grant, "secret-badscope-" + store, "spreadsheets.read", "billing.admin");

    assertThat(issued.getError()).isEqualTo("invalid_scope");
    assertThat(issued.getAccessToken()).isEmpty();
    assertThat(issued.getTokenType()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void secretOfAnotherClientIsInvalidClientAsIfUnknown(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    fixture.grantWithSecret("dave", "secret-dave-" + store);
    StoredGrant other = fixture.grants().create(ORG, "erin");

    IssueAccessTokenResponse issued = fixture.issue(other, "secret-dave-" + store);

    assertThat(issued.getError()).isEqualTo("invalid_client");
    assertThat(issued.getReason()).isEqualTo(InactiveReason.UNKNOWN);
    assertThat(issued.getAccessToken()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void credentialsThatDoNotVerifyAreInvalidClientWithTheirReason(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("frank", "secret-frank-" + store);
    fixture.grants().setDisabled(grant.id(), true);

    IssueAccessTokenResponse disabled = fixture.issue(grant, "secret-frank-" + store);
    IssueAccessTokenResponse unknown = fixture.issue(grant, "never-registered");

    assertThat(disabled.getError()).isEqualTo("invalid_client");
    assertThat(disabled.getReason()).isEqualTo(InactiveReason.GRANT_DISABLED);
    assertThat(unknown.getError()).isEqualTo("invalid_client");
    assertThat(unknown.getReason()).isEqualTo(InactiveReason.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void tokenNeverOutlivesItsGrant(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    Instant grantExpiry = fixture.clock().instant().plus(Duration.ofMinutes(3)).plusMillis(700);
    StoredGrant grant = fixture.grants().create(ORG, "gina", GrantRows.SCOPES, grantExpiry);
    fixture.credentials().register("secret-gina-" + store, grant);

    IssueAccessTokenResponse issued = fixture.issue(grant, "secret-gina-" + store);
    VerifyAccessTokenResponse verified = fixture.verify(issued.getAccessToken());

    Instant promised = fixture.clock().instant().plusSeconds(issued.getExpiresIn());
    assertThat(promised).isBeforeOrEqualTo(grantExpiry).isAfter(grantExpiry.minusSeconds(2));
    assertThat(verified.getExpireTime().getSeconds()).isEqualTo(grantExpiry.getEpochSecond());
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void newGenerationRevokesEarlierTokens(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("hank", "secret-hank-" + store);
    String token = fixture.issue(grant, "secret-hank-" + store).getAccessToken();

    fixture.grants().bumpGeneration(grant.id());
    VerifyAccessTokenResponse verified = fixture.verify(token);

    assertThat(verified.getActive()).isFalse();
    assertThat(verified.getReason()).isEqualTo(InactiveReason.REVOKED);
    assertThat(verified.getGrant()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void disabledGrantsTokensAreInactiveAndStayRevokedOnceEnabled(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("ivan", "secret-ivan-" + store);
    String token = fixture.issue(grant, "secret-ivan-" + store).getAccessToken();

    // Disabling bumps the generation, as the admin path does.
    fixture.grants().setDisabled(grant.id(), true);
    fixture.grants().bumpGeneration(grant.id());
    VerifyAccessTokenResponse whileDisabled = fixture.verify(token);
    fixture.grants().setDisabled(grant.id(), false);
    VerifyAccessTokenResponse afterEnabling = fixture.verify(token);

    assertThat(whileDisabled.getReason()).isEqualTo(InactiveReason.GRANT_DISABLED);
    assertThat(afterEnabling.getActive()).isFalse();
    assertThat(afterEnabling.getReason()).isEqualTo(InactiveReason.REVOKED);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void disabledUsersTokensAreInactive(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("judy", "secret-judy-" + store);
    String token = fixture.issue(grant, "secret-judy-" + store).getAccessToken();

    fixture.grants().setUserDisabled(ORG, "judy", true);
    VerifyAccessTokenResponse verified = fixture.verify(token);

    assertThat(verified.getActive()).isFalse();
    assertThat(verified.getReason()).isEqualTo(InactiveReason.USER_DISABLED);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void deletedGrantsTokensAreUnknown(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("kate", "secret-kate-" + store);
    String token = fixture.issue(grant, "secret-kate-" + store).getAccessToken();

    fixture.grants().delete(grant.id());
    VerifyAccessTokenResponse verified = fixture.verify(token);

    assertThat(verified.getActive()).isFalse();
    assertThat(verified.getReason()).isEqualTo(InactiveReason.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void scopeRemovedFromTheGrantAfterIssueNoLongerVerifies(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("liam", "secret-liam-" + store);
    String token = fixture.issue(grant, "secret-liam-" + store).getAccessToken();

    fixture.grants().setScopes(grant.id(), List.of("spreadsheets.read"));
    VerifyAccessTokenResponse forWrite = fixture.verify(token, "spreadsheets.write");
    VerifyAccessTokenResponse forRead = fixture.verify(token, "spreadsheets.read");

    assertThat(forWrite.getReason()).isEqualTo(InactiveReason.MISSING_SCOPE);
    assertThat(forRead.getActive()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void tokenOfAnotherOrganisationIsUnknownToItsVerifiers(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("mona", "secret-mona-" + store);
    String token = fixture.issue(grant, "secret-mona-" + store).getAccessToken();

    VerifyAccessTokenResponse verified = fixture.verifyAs("globex", token);

    assertThat(verified.getActive()).isFalse();
    assertThat(verified.getReason()).isEqualTo(InactiveReason.UNKNOWN);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void forgedAndDamagedTokensAreMalformed(TestServer.Store store) throws Exception {
    TokenFixture fixture = fixtures.get(store);
    StoredGrant grant = fixture.grantWithSecret("nina", "secret-nina-" + store);
    String token = fixture.issue(grant, "secret-nina-" + store).getAccessToken();
    SignedJWT genuine = SignedJWT.parse(token);
    String kid = genuine.getHeader().getKeyID();
    String[] parts = token.split("\\.");
    String otherPayload = SignedJWT.parse(
        fixture.issue(grant, "secret-nina-" + store, "spreadsheets.read").getAccessToken())
        .getParsedParts()[1].toString();

    SignedJWT foreign = new SignedJWT(new JWSHeader.Builder(genuine.getHeader()).build(),
        genuine.getJWTClaimsSet());
    ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    foreign.sign(new ECDSASigner(impostor));
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(),
        genuine.getJWTClaimsSet());
    hmac.sign(new MACSigner(new byte[32]));
    String unsigned = new PlainJWT(genuine.getJWTClaimsSet()).serialize();

    assertThat(List.of(
        "not a token",
        parts[0] + "." + otherPayload + "." + parts[2],
        foreign.serialize(),
        hmac.serialize(),
        unsigned))
        .allSatisfy(forged -> assertThat(fixture.verify(forged).getReason())
            .isEqualTo(InactiveReason.MALFORMED));
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void issueNamesEveryBadField(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);

    assertThatThrownBy(() -> fixture.server().verifier(ORG).issueAccessToken(
        IssueAccessTokenRequest.newBuilder()
            .setClientId("not-a-uuid")
            .addScopes("spreadsheets.read")
            .addScopes("has space")
            .build()))
        .satisfies(failure -> assertBadFields(failure, "client_id", "client_secret", "scopes[1]"));
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void verifyNamesEveryBadField(TestServer.Store store) {
    TokenFixture fixture = fixtures.get(store);

    assertThatThrownBy(() -> fixture.server().verifier(ORG).verifyAccessToken(
        VerifyAccessTokenRequest.newBuilder()
            .addRequiredScopes("")
            .build()))
        .satisfies(failure -> assertBadFields(failure, "access_token", "required_scopes[0]"));
    assertThatThrownBy(() -> fixture.verify("x".repeat(8193)))
        .satisfies(failure -> assertBadFields(failure, "access_token"));
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void expiredTokenIsExpired(TestServer.Store store) {
    try (TokenFixture fixture = TokenFixture.start(store, MutableClock.startingNow())) {
      StoredGrant grant = fixture.grantWithSecret("olga", "secret-olga");
      String token = fixture.issue(grant, "secret-olga").getAccessToken();

      fixture.clock().advance(Duration.ofMinutes(10).plusSeconds(1));
      VerifyAccessTokenResponse verified = fixture.verify(token);

      assertThat(verified.getActive()).isFalse();
      assertThat(verified.getReason()).isEqualTo(InactiveReason.EXPIRED);
    }
  }

  static void assertBadFields(Throwable failure, String... fields) {
    assertThat(failure).isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException status = (StatusRuntimeException) failure;
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    com.google.rpc.Status details = StatusProto.fromThrowable(status);
    assertThat(details).isNotNull();
    BadRequest badRequest = details.getDetailsList().stream()
        .filter(any -> any.is(BadRequest.class))
        .map(any -> {
          try {
            return any.unpack(BadRequest.class);
          } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
          }
        })
        .findFirst()
        .orElseThrow();
    assertThat(badRequest.getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .containsExactlyInAnyOrder(fields);
  }
}

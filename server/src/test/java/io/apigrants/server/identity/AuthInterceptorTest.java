package io.apigrants.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.TestTokens;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bearer-token interceptor with real signed JWTs, in front of the health service on an
 * in-process server. The interceptor requires the token_verifier role here.
 */
class AuthInterceptorTest {
  private final TestTokens tokens = new TestTokens();
  private final OctetKeyPair edKey = newEd25519Key();
  private final AtomicReference<CallerIdentity> seenCaller = new AtomicReference<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void startServer() throws Exception {
    JWKSet trusted = new JWKSet(List.of(tokens.key().toPublicJWK(), edKey.toPublicJWK()));
    TokenAuthenticator authenticator =
        new TokenAuthenticator(trusted, TestTokens.ISSUER, TestTokens.AUDIENCE);
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        seenCaller.set(CallerIdentity.current());
        return next.startCall(call, headers);
      }
    };
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name)
        .directExecutor()
        .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(),
            capture, new AuthInterceptor(authenticator, Optional.of(Roles.TOKEN_VERIFIER))))
        .build()
        .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stopServer() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void validEs256TokenPassesWithCallerIdentity() {
    String token = tokens.mint("svc-a", "acme", Roles.TOKEN_VERIFIER);

    ServingStatus status = check(token);

    assertThat(status).isEqualTo(ServingStatus.SERVING);
    assertThat(seenCaller.get())
        .isEqualTo(new CallerIdentity("svc-a", "acme", java.util.Set.of(Roles.TOKEN_VERIFIER)));
  }

  @Test
  void verifiedTokenIsRememberedButARejectedOneIsNot() throws Exception {
    TokenAuthenticator authenticator = new TokenAuthenticator(
        new JWKSet(tokens.key().toPublicJWK()), TestTokens.ISSUER, TestTokens.AUDIENCE);
    String good = tokens.mint("svc", "acme", Roles.TOKEN_VERIFIER);
    String forged = new TestTokens().mint("svc", "acme", Roles.TOKEN_VERIFIER);

    CallerIdentity first = authenticator.authenticate(good);
    assertThatThrownBy(() -> authenticator.authenticate(forged))
        .isInstanceOf(AuthenticationException.class);

    assertThat(authenticator.isRemembered(good)).isTrue();
    assertThat(authenticator.authenticate(good)).isEqualTo(first);
    assertThat(authenticator.isRemembered(forged)).isFalse();
    assertThatThrownBy(() -> authenticator.authenticate(forged))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void validEdDsaTokenPasses() throws Exception {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(edKey.getKeyID()).build(),
        tokens.claims("svc-b", "acme", Roles.TOKEN_VERIFIER).build());
    jwt.sign(new Ed25519Signer(edKey));

    ServingStatus status = check(jwt.serialize());

    assertThat(status).isEqualTo(ServingStatus.SERVING);
    assertThat(seenCaller.get().username()).isEqualTo("svc-b");
  }

  @Test
  void expiredTokenIsUnauthenticated() {
    String token = tokens.sign(tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER)
        .expirationTime(Date.from(Instant.now().minusSeconds(300)))
        .build());

    assertRejected(token, Status.Code.UNAUTHENTICATED);
  }

  @Test
  void tokenNotYetValidIsUnauthenticated() {
    String token = tokens.sign(tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER)
        .notBeforeTime(Date.from(Instant.now().plusSeconds(300)))
        .build());

    assertRejected(token, Status.Code.UNAUTHENTICATED);
  }

  @Test
  void wrongIssuerIsUnauthenticated() {
    String token = tokens.sign(tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER)
        .issuer("https://evil.example")
        .build());

    assertRejected(token, Status.Code.UNAUTHENTICATED);
  }

  @Test
  void wrongAudienceIsUnauthenticated() {
    String token = tokens.sign(tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER)
        .audience("another-service")
        .build());

    assertRejected(token, Status.Code.UNAUTHENTICATED);
  }

  @Test
  void tokenSignedByAnUntrustedKeyIsUnauthenticated() {
    String token = new TestTokens().mint("svc", "acme", Roles.TOKEN_VERIFIER);

    assertRejected(token, Status.Code.UNAUTHENTICATED);
  }

  @Test
  void untrustedKeyClaimingATrustedKeyIdIsUnauthenticated() throws Exception {
    ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(tokens.key().getKeyID()).generate();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(impostor.getKeyID()).build(),
        tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER).build());
    jwt.sign(new ECDSASigner(impostor));

    assertRejected(jwt.serialize(), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void unsignedTokenIsUnauthenticated() {
    String token = new PlainJWT(tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER).build())
        .serialize();

    assertRejected(token, Status.Code.UNAUTHENTICATED);
  }

  @Test
  void hs256SignedWithThePublicKeyIsUnauthenticated() throws Exception {
    byte[] publicKeyAsSecret =
        tokens.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(tokens.key().getKeyID()).build(),
        tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER).build());
    jwt.sign(new MACSigner(publicKeyAsSecret));

    assertRejected(jwt.serialize(), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void tokenWithoutOrgIsUnauthenticated() {
    JWTClaimsSet claims = tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER)
        .claim("org", null)
        .build();

    assertRejected(tokens.sign(claims), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void signedSubOrOrgThatNoColumnCanHoldIsUnauthenticated() {
    List<JWTClaimsSet> unusable = List.of(
        tokens.claims("svc\u0000", "acme", Roles.TOKEN_VERIFIER).build(),
        tokens.claims("svc", "ac\u202eme", Roles.TOKEN_VERIFIER).build(),
        tokens.claims("s".repeat(201), "acme", Roles.TOKEN_VERIFIER).build(),
        tokens.claims("svc", "a".repeat(101), Roles.TOKEN_VERIFIER).build());

    for (JWTClaimsSet claims : unusable) {
      assertRejected(tokens.sign(claims), Status.Code.UNAUTHENTICATED);
    }
    assertThat(check(tokens.sign(tokens.claims("s".repeat(200), "a".repeat(100),
        Roles.TOKEN_VERIFIER).build()))).isEqualTo(ServingStatus.SERVING);
    assertThat(seenCaller.get().org()).isEqualTo("a".repeat(100));
  }

  @Test
  void garbageTokenIsUnauthenticated() {
    assertRejected("not.a.jwt", Status.Code.UNAUTHENTICATED);
  }

  @Test
  void missingAuthorizationIsUnauthenticated() {
    HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel);

    assertThatThrownBy(() -> stub.check(HealthCheckRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(seenCaller.get()).isNull();
  }

  @Test
  void nonBearerSchemeIsUnauthenticated() {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Basic " + tokens.mint("svc", "acme", Roles.TOKEN_VERIFIER));
    HealthGrpc.HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));

    assertThatThrownBy(() -> stub.check(HealthCheckRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void validTokenWithoutTheRoleIsPermissionDenied() {
    String token = tokens.mint("alice", "acme", Roles.ORG_SECURITY_ADMIN);

    assertRejected(token, Status.Code.PERMISSION_DENIED);
  }

  private ServingStatus check(String token) {
    return HealthGrpc.newBlockingStub(channel)
        .withCallCredentials(TestServer.bearer(token))
        .check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  private void assertRejected(String token, Status.Code expected) {
    assertThatThrownBy(() -> check(token))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(expected));
    assertThat(seenCaller.get()).isNull();
  }

  private static OctetKeyPair newEd25519Key() {
    try {
      return new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-test").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.apigrants.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.identity.AuthenticationException;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.identity.DevSigningKey;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.identity.TokenAuthenticator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {
  @TempDir
  Path dataDir;

  @Test
  void keyFileNameMatchesTheServers() {
    assertThat(DevTokens.SIGNING_KEY_FILE).isEqualTo(DevSigningKey.FILE_NAME);
    assertThat(DevTokens.DEFAULT_ISSUER).isEqualTo(ServerConfig.DEV_ISSUER);
    assertThat(DevTokens.DEFAULT_AUDIENCE).isEqualTo(ServerConfig.DEFAULT_AUDIENCE);
  }

  @Test
  void mintedTokenIsAcceptedByTheServersAuthenticator() throws Exception {
    ECKey serverKey = DevSigningKey.loadOrCreate(dataDir);
    TokenAuthenticator authenticator = new TokenAuthenticator(
        new JWKSet(serverKey.toPublicJWK()), ServerConfig.DEV_ISSUER,
        ServerConfig.DEFAULT_AUDIENCE);

    String token = DevTokens.load(dataDir).mint("alice", "acme",
        List.of(Roles.ORG_SECURITY_ADMIN, Roles.TOKEN_VERIFIER), Duration.ofHours(1));

    CallerIdentity caller = authenticator.authenticate(token);
    assertThat(caller.username()).isEqualTo("alice");
    assertThat(caller.org()).isEqualTo("acme");
    assertThat(caller.roles()).isEqualTo(Set.of(Roles.ORG_SECURITY_ADMIN, Roles.TOKEN_VERIFIER));
  }

  @Test
  void tokenCarriesEveryStandardClaim() throws Exception {
    ECKey serverKey = DevSigningKey.loadOrCreate(dataDir);

    SignedJWT jwt = SignedJWT.parse(DevTokens.load(dataDir)
        .mint("bob", "acme", List.of(), Duration.ofMinutes(90)));

    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(serverKey.getKeyID());
    assertThat(claims.getIssuer()).isEqualTo("apigrants-dev");
    assertThat(claims.getAudience()).containsExactly("apigrants");
    assertThat(claims.getSubject()).isEqualTo("bob");
    assertThat(claims.getStringClaim("org")).isEqualTo("acme");
    assertThat(claims.getStringListClaim("roles")).isEmpty();
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
    assertThat(Duration.between(claims.getIssueTime().toInstant(),
        claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void expiredTokenIsRefusedByTheServer() throws Exception {
    ECKey serverKey = DevSigningKey.loadOrCreate(dataDir);
    TokenAuthenticator authenticator = new TokenAuthenticator(
        new JWKSet(serverKey.toPublicJWK()), ServerConfig.DEV_ISSUER,
        ServerConfig.DEFAULT_AUDIENCE);
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);

    String token = DevTokens.load(dataDir, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
        twoHoursAgo).mint("alice", "acme", List.of(), Duration.ofHours(1));

    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void missingKeyFileIsAnIoError() {
    assertThatThrownBy(() -> DevTokens.load(dataDir)).isInstanceOf(IOException.class);
  }

  @Test
  void publicKeyAloneIsRefused() throws Exception {
    ECKey serverKey = DevSigningKey.loadOrCreate(dataDir);
    Files.writeString(dataDir.resolve(DevTokens.SIGNING_KEY_FILE),
        serverKey.toPublicJWK().toJSONString());

    assertThatThrownBy(() -> DevTokens.load(dataDir)).isInstanceOf(IOException.class);
  }

  @Test
  void lifetimeMustBePositiveAndAtMostThirtyDays() throws Exception {
    DevSigningKey.loadOrCreate(dataDir);
    DevTokens tokens = DevTokens.load(dataDir);

    assertThatThrownBy(() -> tokens.mint("a", "b", List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.mint("a", "b", List.of(), Duration.ofDays(31)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tokens.mint("a", "b", List.of(), Duration.ofDays(30))).isNotBlank();
  }

  @Test
  void toStringShowsNoKeyMaterial() throws Exception {
    ECKey serverKey = DevSigningKey.loadOrCreate(dataDir);

    String text = DevTokens.load(dataDir).toString();

    assertThat(text).contains(serverKey.getKeyID())
        .doesNotContain(serverKey.getD().toString());
  }
}

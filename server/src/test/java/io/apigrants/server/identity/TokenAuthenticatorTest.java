package io.apigrants.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.testing.LogCapture;
import io.apigrants.server.testing.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the authenticator takes its trusted keys. Token checks are in AuthInterceptorTest. */
class TokenAuthenticatorTest {
  private final TestTokens tokens = new TestTokens();

  @Test
  void trustedKeyWithoutKidIsIgnoredWithOneWarningAndNoKeyMaterial() throws Exception {
    ECKey kidless = new ECKeyGenerator(Curve.P_256).generate();
    JWKSet trusted = new JWKSet(List.of(tokens.key().toPublicJWK(), kidless.toPublicJWK()));
    SignedJWT kidlessToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).build(),
        tokens.claims("svc", "acme", Roles.TOKEN_VERIFIER).build());
    kidlessToken.sign(new ECDSASigner(kidless));

    TokenAuthenticator authenticator;
    List<String> warnings;
    try (LogCapture logs = LogCapture.of(TokenAuthenticator.class)) {
      authenticator = new TokenAuthenticator(trusted, TestTokens.ISSUER, TestTokens.AUDIENCE);
      warnings = logs.messagesAt(Level.WARN);
    }

    assertThat(warnings).singleElement().asString()
        .doesNotContain(kidless.getX().toString())
        .doesNotContain(kidless.getY().toString());
    assertThatThrownBy(() -> authenticator.authenticate(kidlessToken.serialize()))
        .isInstanceOf(AuthenticationException.class);
    assertThat(authenticator.authenticate(tokens.mint("alice", "acme")).username())
        .isEqualTo("alice");
  }

  @Test
  void keysWithKidsLoadWithoutWarnings() {
    JWKSet trusted = new JWKSet(tokens.key().toPublicJWK());

    List<String> warnings;
    try (LogCapture logs = LogCapture.of(TokenAuthenticator.class)) {
      new TokenAuthenticator(trusted, TestTokens.ISSUER, TestTokens.AUDIENCE);
      warnings = logs.messagesAt(Level.WARN);
    }

    assertThat(warnings).isEmpty();
  }
}

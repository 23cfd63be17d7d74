package io.apigrants.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A test identity provider: a real ES256 key pair whose public half is written as a JWKS file,
 * and a minter of signed caller tokens.
 */
public final class TestTokens {
  public static final String ISSUER = "https://idp.test.example";
  public static final String AUDIENCE = "apigrants";

  private final ECKey key;

  public TestTokens() {
    try {
      key = new ECKeyGenerator(Curve.P_256)
          .keyID("test-" + UUID.randomUUID())
          .algorithm(JWSAlgorithm.ES256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public ECKey key() {
    return key;
  }

  /** Writes the public JWKS to {@code file} and returns it. */
  public Path writeJwks(Path file) {
    try {
      Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A token valid for ten minutes with the given subject, organisation and roles. */
  public String mint(String username, String org, String... roles) {
    return sign(claims(username, org, roles).build());
  }

  /** Claims of a valid token, for tests that alter one of them. */
  public JWTClaimsSet.Builder claims(String username, String org, String... roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(username)
        .claim("org", org)
        .claim("roles", List.of(roles))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now.minusSeconds(5)))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
        .jwtID(UUID.randomUUID().toString());
  }

  /** Signs arbitrary claims with this provider's key. */
  public String sign(JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
          .keyID(key.getKeyID())
          .type(JOSEObjectType.JWT)
          .build(), claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}

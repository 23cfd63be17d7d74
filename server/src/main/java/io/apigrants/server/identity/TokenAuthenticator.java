package io.apigrants.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies callers' bearer JWTs against a fixed set of trusted public keys.
 *
 * <p>Only asymmetric algorithms are accepted (ES256 and EdDSA): a token signed with HS256 using a
 * public key as the shared secret, or an unsigned one, never gets to a key. Issuer, audience,
 * expiry and not-before are checked with nimbus' default 60 s clock skew.
 */
public final class TokenAuthenticator {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256,
      JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  private final DefaultJWTProcessor<SecurityContext> processor;

  public TokenAuthenticator(JWKSet trustedKeys, String issuer, String audience) {
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(trustedKeys)));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("sub", "org", "exp")));
  }

  /** Returns the caller a compact JWS names, or throws if it does not verify. */
  public CallerIdentity authenticate(String token) throws AuthenticationException {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new AuthenticationException("bearer token is not valid", e);
    }
    try {
      String username = claims.getSubject();
      String org = claims.getStringClaim("org");
      if (username == null || username.isBlank() || org == null || org.isBlank()) {
        throw new AuthenticationException("bearer token lacks sub or org");
      }
      List<String> roles = claims.getStringListClaim("roles");
      return new CallerIdentity(username, org, roles == null ? Set.of() : new HashSet<>(roles));
    } catch (ParseException e) {
      throw new AuthenticationException("bearer token claims have the wrong types", e);
    }
  }
}

package io.apigrants.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.apigrants.server.secret.Fingerprints;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies callers' bearer JWTs against a fixed set of trusted public keys.
 *
 * <p>Only asymmetric algorithms are accepted, each bound to its key type: ES256 with P-256 EC
 * keys, EdDSA with Ed25519 keys. A token signed with HS256 using a public key as the shared
 * secret, or an unsigned one, never reaches a verifier. Issuer, audience, expiry and not-before
 * are checked with nimbus' default 60 s clock skew.
 *
 * <p>A verified token is remembered (by its SHA-256, until its own expiry, at most
 * {@link #MAX_CACHED_TOKENS} of them): an internal service sends the same token with every call,
 * and an ES256 signature check costs more than the whole budget of a cached verification.
 *
 * <p>Keys are picked by the token's {@code kid}; a trusted key without one is ignored, with a
 * warning at start. nimbus' generic key selector cannot hand out
 * Ed25519 keys (it converts JWKs to JCA keys and skips OKP ones), hence the explicit mapping.
 */
public final class TokenAuthenticator {
  static final int MAX_CACHED_TOKENS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

  private final Map<String, JWK> keysById;
  private final DefaultJWTClaimsVerifier<?> claimsVerifier;
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
      // Housekeeping on the calling thread: handing it to a pool wakes a thread (a futex call)
      // every few reads when one service's token is read by every call.
      .executor(Runnable::run)
      .maximumSize(MAX_CACHED_TOKENS)
      .expireAfter(Expiry.<String, Verified>creating(
          (key, entry) -> maxZero(Duration.between(Instant.now(), entry.expiresAt()))))
      .build();

  /** Per thread: the last token fingerprinted and its fingerprint. */
  private static final ThreadLocal<String[]> LAST_FINGERPRINT =
      ThreadLocal.withInitial(() -> new String[2]);

  private record Verified(CallerIdentity caller, Instant expiresAt) {}

  public TokenAuthenticator(JWKSet trustedKeys, String issuer, String audience) {
    this.keysById = trustedKeys.getKeys().stream()
        .filter(TokenAuthenticator::hasKeyId)
        .collect(Collectors.toUnmodifiableMap(JWK::getKeyID, Function.identity(), (a, b) -> a));
    this.claimsVerifier = new DefaultJWTClaimsVerifier<>(
        audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("sub", "org", "exp"));
  }

  /**
   * Whether a token can name {@code key}; one that cannot is left out with a warning, since
   * guessing which kid-less key a kid-less token means would widen what the server trusts.
   */
  private static boolean hasKeyId(JWK key) {
    if (key.getKeyID() != null && !key.getKeyID().isBlank()) {
      return true;
    }
    log.warn("ignoring a trusted {} key without a kid: caller tokens pick their key by kid",
        key.getKeyType());
    return false;
  }

  /** Returns the caller a compact JWS names, or throws if it does not verify. */
  public CallerIdentity authenticate(String token) throws AuthenticationException {
    String key = fingerprint(token);
    Verified hit = verified.getIfPresent(key);
    if (hit != null && hit.expiresAt().isAfter(Instant.now())) {
      return hit.caller();
    }
    Verified fresh = verify(token);
    verified.put(key, fresh);
    return fresh.caller();
  }

  /** Whether {@code token} was verified before and is still valid: no signature check needed. */
  public boolean isRemembered(String token) {
    Verified hit = verified.getIfPresent(fingerprint(token));
    return hit != null && hit.expiresAt().isAfter(Instant.now());
  }

  private Verified verify(String token) throws AuthenticationException {
    JWTClaimsSet claims;
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSVerifier verifier = verifierFor(jwt)
          .orElseThrow(() -> new AuthenticationException("bearer token is not valid"));
      if (!jwt.verify(verifier)) {
        throw new AuthenticationException("bearer token signature is not valid");
      }
      claims = jwt.getJWTClaimsSet();
      claimsVerifier.verify(claims, null);
    } catch (ParseException | JOSEException | BadJOSEException e) {
      throw new AuthenticationException("bearer token is not valid", e);
    }

    try {
      String username = claims.getSubject();
      String org = claims.getStringClaim("org");
      if (username == null || username.isBlank() || org == null || org.isBlank()) {
        throw new AuthenticationException("bearer token lacks sub or org");
      }
      // Both become keys and audit actors in the database: a name no column can hold, or one
      // that could render as another, is refused here rather than failing a write later.
      if (!CallerIdentity.isValidName(username, CallerIdentity.MAX_USERNAME)
          || !CallerIdentity.isValidName(org, CallerIdentity.MAX_ORG)) {
        throw new AuthenticationException("bearer token's sub or org is not a valid name");
      }
      List<String> roles = claims.getStringListClaim("roles");
      CallerIdentity caller =
          new CallerIdentity(username, org, roles == null ? Set.of() : new HashSet<>(roles));
      return new Verified(caller, claims.getExpirationTime().toInstant());
    } catch (ParseException e) {
      throw new AuthenticationException("bearer token claims have the wrong types", e);
    }
  }

  private static Duration maxZero(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  private static String fingerprint(String token) {
    // A service sends the same token with every call, and each call asks twice (which thread
    // runs it, then who calls): the thread's last answer spares a SHA-256 per ask.
    String[] last = LAST_FINGERPRINT.get();
    if (isSameToken(token, last[0])) {
      return last[1];
    }
    String fingerprint = Fingerprints.of(token);
    last[0] = token;
    last[1] = fingerprint;
    return fingerprint;
  }

  /**
   * Compared in constant time: the thread's last token may be another caller's, and how long a
   * comparison takes must not tell a stranger how much of it they guessed.
   */
  private static boolean isSameToken(String token, String last) {
    if (last == null || last.length() != token.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < token.length(); i++) {
      difference |= token.charAt(i) ^ last.charAt(i);
    }
    return difference == 0;
  }

  private Optional<JWSVerifier> verifierFor(SignedJWT jwt) throws JOSEException {
    JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
    JWK key = jwt.getHeader().getKeyID() == null ? null : keysById.get(jwt.getHeader().getKeyID());
    if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec
        && Curve.P_256.equals(ec.getCurve())) {
      return Optional.of(new ECDSAVerifier(ec));
    }
    if ((JWSAlgorithm.EdDSA.equals(algorithm) || JWSAlgorithm.Ed25519.equals(algorithm))
        && key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return Optional.of(new Ed25519Verifier(okp));
    }
    return Optional.empty();
  }
}

package io.apigrants.server.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.server.config.AccessTokenSettings;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.grant.InvalidArgumentException;
import io.apigrants.v1.InactiveReason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs access tokens and checks what can be checked without the database: signature, issuer,
 * audience, expiry and not-before.
 *
 * <p>Tokens are JWTs in the shape of RFC 9068 ({@code typ: at+jwt}, a space-separated
 * {@code scope} claim, {@code client_id}), plus {@code grant}, {@code org}, {@code workspace}
 * and {@code gen}, the grant's generation at issue. Only ES256 with a kid of our own key table
 * verifies: {@code none}, HMAC and foreign keys never reach a verifier.
 */
public final class AccessTokens {
  static final String TYPE = "at+jwt";
  static final String CLAIM_CLIENT_ID = "client_id";
  static final String CLAIM_GRANT = "grant";
  static final String CLAIM_ORG = "org";
  static final String CLAIM_WORKSPACE = "workspace";
  static final String CLAIM_SCOPE = "scope";
  static final String CLAIM_GENERATION = "gen";

  private final SigningKeys keys;
  private final String issuer;
  private final String audience;
  private final Duration lifetime;
  private final Clock clock;
  private final VerifiedTokens verified = new VerifiedTokens();

  public AccessTokens(SigningKeys keys, AccessTokenSettings settings, Clock clock) {
    this.keys = keys;
    this.issuer = settings.issuer();
    this.audience = settings.audience();
    this.lifetime = settings.lifetime();
    this.clock = clock;
  }

  /** Issues a token of the configured lifetime, never past the grant's expiry. */
  public IssuedToken issue(GrantIdentity grant, List<String> scopes) {
    return issue(grant, scopes, lifetime);
  }

  /**
   * Signs a token for {@code grant} carrying {@code scopes}, living {@code tokenLifetime} but
   * never past the grant's expiry.
   */
  public IssuedToken issue(GrantIdentity grant, List<String> scopes, Duration tokenLifetime) {
    Instant now = clock.instant();
    Instant issued = Instant.ofEpochSecond(now.getEpochSecond());
    // JWT times are whole seconds: round the lifetime's end up so expires_in is the full
    // lifetime, but the grant's expiry down so the token never outlives the grant.
    Instant expiry = Instant.ofEpochSecond(
        now.plus(tokenLifetime).plusNanos(999_999_999).getEpochSecond());
    Instant grantExpiry = Instant.ofEpochSecond(grant.expireTime().getEpochSecond());
    if (grantExpiry.isBefore(expiry)) {
      expiry = grantExpiry;
    }

    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject(grant.username())
        .claim(CLAIM_CLIENT_ID, grant.clientId().toString())
        .claim(CLAIM_GRANT, grant.name())
        .claim(CLAIM_ORG, grant.org())
        .claim(CLAIM_WORKSPACE, grant.workspace())
        .claim(CLAIM_SCOPE, String.join(" ", scopes))
        .claim(CLAIM_GENERATION, grant.generation())
        .issueTime(Date.from(issued))
        .notBeforeTime(Date.from(issued))
        .expirationTime(Date.from(expiry))
        .jwtID(UUID.randomUUID().toString())
        .build();

    SigningKeys.ActiveKey key = keys.signingKey();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .keyID(key.kid())
        .type(new JOSEObjectType(TYPE))
        .build(), claims);
    try {
      jwt.sign(new ECDSASigner(key.privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with key " + key.kid(), e);
    }
    return new IssuedToken(jwt.serialize(), expiry,
        Math.max(0, Duration.between(now, expiry).toSeconds()), scopes);
  }

  /**
   * Checks signature, issuer, audience, expiry and not-before; answers the claims, or
   * MALFORMED (not ours, not intact, not shaped like ours), EXPIRED, or UNKNOWN (not yet valid,
   * beyond the tolerated clock skew).
   */
  AccessTokenVerdict read(String token) {
    Optional<AccessTokenClaims> known = verified.find(token);
    if (known.isPresent()) {
      // Checked before, not-before included; only the passing of time can change the answer.
      return clock.instant().isBefore(known.get().expireTime())
          ? AccessTokenVerdict.active(known.get())
          : AccessTokenVerdict.inactive(InactiveReason.EXPIRED);
    }
    AccessTokenVerdict fresh = check(token);
    fresh.claims().ifPresent(claims -> verified.remember(token, claims));
    return fresh;
  }

  /** {@link #read} without memory: the whole check, signature first. */
  private AccessTokenVerdict check(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return AccessTokenVerdict.inactive(InactiveReason.MALFORMED);
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null
        || !new JOSEObjectType(TYPE).equals(header.getType())) {
      return AccessTokenVerdict.inactive(InactiveReason.MALFORMED);
    }
    Optional<ECKey> key = keys.verificationKey(header.getKeyID());
    if (key.isEmpty() || !verifies(jwt, key.get())) {
      return AccessTokenVerdict.inactive(InactiveReason.MALFORMED);
    }

    JWTClaimsSet set;
    AccessTokenClaims claims;
    try {
      set = jwt.getJWTClaimsSet();
      claims = claims(set);
    } catch (ParseException | IllegalArgumentException | InvalidArgumentException e) {
      return AccessTokenVerdict.inactive(InactiveReason.MALFORMED);
    }
    Instant now = clock.instant();
    if (!now.isBefore(claims.expireTime())) {
      return AccessTokenVerdict.inactive(InactiveReason.EXPIRED);
    }
    Instant notBefore = set.getNotBeforeTime() == null
        ? claims.issueTime() : set.getNotBeforeTime().toInstant();
    if (now.plus(SigningKeys.CLOCK_SKEW).isBefore(notBefore)) {
      return AccessTokenVerdict.inactive(InactiveReason.UNKNOWN);
    }
    return AccessTokenVerdict.active(claims);
  }

  private static boolean verifies(SignedJWT jwt, ECKey key) {
    try {
      return jwt.verify(new ECDSAVerifier(key));
    } catch (JOSEException e) {
      return false;
    }
  }

  /** The claims of one of our tokens; throws if one is missing or of the wrong type. */
  private AccessTokenClaims claims(JWTClaimsSet set) throws ParseException {
    if (!issuer.equals(set.getIssuer()) || set.getAudience() == null
        || !set.getAudience().contains(audience)) {
      throw new ParseException("not issued for us", 0);
    }
    String grant = set.getStringClaim(CLAIM_GRANT);
    String scope = set.getStringClaim(CLAIM_SCOPE);
    Long generation = set.getLongClaim(CLAIM_GENERATION);
    String tokenId = set.getJWTID();
    if (generation == null || tokenId == null || set.getSubject() == null
        || set.getIssueTime() == null || set.getExpirationTime() == null) {
      throw new ParseException("claim missing", 0);
    }
    return new AccessTokenClaims(
        GrantNames.parse(grant, CLAIM_GRANT),
        UUID.fromString(required(set.getStringClaim(CLAIM_CLIENT_ID))),
        required(set.getStringClaim(CLAIM_ORG)),
        required(set.getStringClaim(CLAIM_WORKSPACE)),
        set.getSubject(),
        scope == null || scope.isEmpty() ? List.of() : Arrays.asList(scope.split(" ")),
        set.getIssueTime().toInstant(),
        set.getExpirationTime().toInstant(),
        tokenId,
        generation);
  }

  private static String required(String value) throws ParseException {
    if (value == null || value.isEmpty()) {
      throw new ParseException("claim missing", 0);
    }
    return value;
  }
}

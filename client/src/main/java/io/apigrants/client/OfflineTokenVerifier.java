package io.apigrants.client;

import com.google.protobuf.Timestamp;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.apigrants.v1.GetSigningKeysRequest;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.VerifyAccessTokenResponse;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Verifies API Grants access tokens locally, against the signing keys the server publishes
 * through {@code GetSigningKeys}.
 *
 * <p>This trades revocation latency for speed: a check makes no RPC, but it cannot see that the
 * grant was disabled, deleted, re-assigned or had its secret regenerated after the token was
 * issued. Such a token keeps verifying here until it expires, that is for at most the token
 * lifetime (10 minutes by default). Use {@code VerifyAccessToken} where a revocation must take
 * effect at once.
 *
 * <p>Checks: ES256 signature by a published key (the {@code none} and HMAC algorithms are
 * refused), {@code typ at+jwt}, issuer, audience, expiry (strict: an expired token never
 * passes), not-before (with the configured clock skew) and the required scopes. The key set is
 * fetched on first use, again when a token names an unknown key id (at most once per
 * {@code minRefetchInterval}, so forged key ids cannot flood the server), and when it is older
 * than {@code maxKeyAge}. Thread-safe.
 */
public final class OfflineTokenVerifier {
  private static final String TYPE = "at+jwt";

  private final Channel channel;
  private final CallCredentials credentials;
  private final String issuer;
  private final String audience;
  private final Duration minRefetchInterval;
  private final Duration maxKeyAge;
  private final Duration fetchTimeout;
  private final Duration clockSkew;
  private final Clock clock;

  private volatile Map<String, ECKey> keys = Map.of();
  private volatile Instant fetchedAt = Instant.MIN;

  private OfflineTokenVerifier(Builder builder) {
    this.channel = builder.channel;
    this.credentials = builder.credentials;
    this.issuer = builder.issuer;
    this.audience = builder.audience;
    this.minRefetchInterval = builder.minRefetchInterval;
    this.maxKeyAge = builder.maxKeyAge;
    this.fetchTimeout = builder.fetchTimeout;
    this.clockSkew = builder.clockSkew;
    this.clock = builder.clock;
  }

  /** Starts a verifier that fetches keys over {@code channel}. */
  public static Builder newBuilder(Channel channel) {
    return new Builder(channel);
  }

  /**
   * Verifies {@code accessToken} for a call that needs {@code requiredScopes}. Answers in the
   * shape of {@code VerifyAccessToken}: active with the token's grant, client, organisation,
   * workspace, user, scopes and expiry, or inactive with MALFORMED, EXPIRED, UNKNOWN (not yet
   * valid) or MISSING_SCOPE.
   *
   * @throws io.grpc.StatusRuntimeException if the token names a key this verifier has not seen
   *     and the key set cannot be fetched: the token can be neither accepted nor refused
   */
  public VerifyAccessTokenResponse verify(String accessToken, Collection<String> requiredScopes) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(accessToken);
    } catch (ParseException e) {
      return inactive(InactiveReason.MALFORMED);
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null
        || !new JOSEObjectType(TYPE).equals(header.getType())) {
      return inactive(InactiveReason.MALFORMED);
    }
    ECKey key = key(header.getKeyID());
    if (key == null || !verifies(jwt, key)) {
      return inactive(InactiveReason.MALFORMED);
    }

    JWTClaimsSet claims;
    List<String> scopes;
    try {
      claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null
          || !claims.getAudience().contains(audience) || claims.getExpirationTime() == null
          || claims.getSubject() == null) {
        return inactive(InactiveReason.MALFORMED);
      }
      String scope = claims.getStringClaim("scope");
      scopes = scope == null || scope.isEmpty() ? List.of() : Arrays.asList(scope.split(" "));
    } catch (ParseException e) {
      return inactive(InactiveReason.MALFORMED);
    }
    Instant now = clock.instant();
    Instant expiry = claims.getExpirationTime().toInstant();
    if (!now.isBefore(expiry)) {
      return inactive(InactiveReason.EXPIRED);
    }
    if (claims.getNotBeforeTime() != null
        && now.plus(clockSkew).isBefore(claims.getNotBeforeTime().toInstant())) {
      return inactive(InactiveReason.UNKNOWN);
    }
    if (!scopes.containsAll(requiredScopes)) {
      return inactive(InactiveReason.MISSING_SCOPE);
    }

    try {
      return VerifyAccessTokenResponse.newBuilder()
          .setActive(true)
          .setGrant(Objects.requireNonNull(claims.getStringClaim("grant")))
          .setClientId(UUID.fromString(claims.getStringClaim("client_id")).toString())
          .setOrg(Objects.requireNonNull(claims.getStringClaim("org")))
          .setWorkspace(Objects.requireNonNull(claims.getStringClaim("workspace")))
          .setUsername(claims.getSubject())
          .addAllScopes(scopes)
          .setExpireTime(Timestamp.newBuilder().setSeconds(expiry.getEpochSecond()))
          .build();
    } catch (ParseException | RuntimeException e) {
      return inactive(InactiveReason.MALFORMED);
    }
  }

  private ECKey key(String kid) {
    Instant now = clock.instant();
    boolean stale = now.isAfter(fetchedAt.plus(maxKeyAge));
    ECKey key = keys.get(kid);
    if (key != null && !stale) {
      return key;
    }
    synchronized (this) {
      key = keys.get(kid);
      boolean mayFetch = !now.isBefore(fetchedAt.plus(minRefetchInterval));
      if ((key == null || now.isAfter(fetchedAt.plus(maxKeyAge))) && mayFetch) {
        try {
          fetch(now);
        } catch (RuntimeException e) {
          // A known key still verifies while the server is away; an unknown one cannot.
          if (key == null) {
            throw e;
          }
        }
      }
      return keys.get(kid);
    }
  }

  private void fetch(Instant now) {
    TokenVerificationGrpc.TokenVerificationBlockingStub stub =
        TokenVerificationGrpc.newBlockingStub(channel)
            .withDeadlineAfter(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
    if (credentials != null) {
      stub = stub.withCallCredentials(credentials);
    }
    String json = stub.getSigningKeys(GetSigningKeysRequest.getDefaultInstance()).getJwksJson();
    Map<String, ECKey> fetched = new HashMap<>();
    try {
      for (JWK jwk : JWKSet.parse(json).getKeys()) {
        if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())
            && jwk.getKeyID() != null && !jwk.isPrivate()) {
          fetched.put(jwk.getKeyID(), ec);
        }
      }
    } catch (ParseException e) {
      throw new IllegalStateException("GetSigningKeys answered a key set that does not parse", e);
    }
    keys = Map.copyOf(fetched);
    fetchedAt = now;
  }

  private static boolean verifies(SignedJWT jwt, ECKey key) {
    try {
      return jwt.verify(new ECDSAVerifier(key));
    } catch (JOSEException e) {
      return false;
    }
  }

  private static VerifyAccessTokenResponse inactive(InactiveReason reason) {
    return VerifyAccessTokenResponse.newBuilder().setReason(reason).build();
  }

  /** Settings of an {@link OfflineTokenVerifier}; every one has a default. */
  public static final class Builder {
    private final Channel channel;
    private CallCredentials credentials;
    private String issuer = "apigrants";
    private String audience = "apigrants-api";
    private Duration minRefetchInterval = Duration.ofSeconds(30);
    private Duration maxKeyAge = Duration.ofHours(1);
    private Duration fetchTimeout = Duration.ofSeconds(5);
    private Duration clockSkew = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();

    private Builder(Channel channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** Credentials for GetSigningKeys, which needs the {@code token_verifier} role. */
    public Builder callCredentials(CallCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** The server's APIGRANTS_TOKEN_ISSUER; default {@code apigrants}. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** The server's APIGRANTS_TOKEN_AUDIENCE; default {@code apigrants-api}. */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    /** Shortest time between two fetches of the key set; default 30 seconds. */
    public Builder minRefetchInterval(Duration interval) {
      this.minRefetchInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Age after which the key set is fetched again on the next check; default one hour. The
     * server publishes each key an hour before it signs, so up to an hour no rotation costs a
     * fetch on the request path.
     */
    public Builder maxKeyAge(Duration age) {
      this.maxKeyAge = Objects.requireNonNull(age, "age");
      return this;
    }

    /** Deadline of a GetSigningKeys call; default 5 seconds. */
    public Builder fetchTimeout(Duration timeout) {
      this.fetchTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Tolerated clock difference for not-before; default 60 seconds. Expiry is strict. */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = Objects.requireNonNull(skew, "skew");
      return this;
    }

    /** The clock checks run on; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public OfflineTokenVerifier build() {
      return new OfflineTokenVerifier(this);
    }
  }
}

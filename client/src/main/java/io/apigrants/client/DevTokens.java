package io.apigrants.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints development caller tokens with the signing key that an embedded-default server keeps in
 * its data folder.
 *
 * <p>Only a development server trusts that key; a production server trusts its identity
 * provider's JWKS and nothing else, so these tokens are useless there. The tokens are ES256 JWTs
 * with the claims the server reads: {@code sub}, {@code org}, {@code roles}, plus {@code iss},
 * {@code aud}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}, and {@code kid} in the header.
 */
public final class DevTokens {
  /**
   * The key's file name inside the data folder, a private EC JWK; the server writes it on its
   * first embedded start under the same name.
   */
  public static final String SIGNING_KEY_FILE = "dev-signing-key.jwk";
  /** The issuer a development server expects unless {@code APIGRANTS_ISSUER} says otherwise. */
  public static final String DEFAULT_ISSUER = "apigrants-dev";
  /** The audience the server expects unless {@code APIGRANTS_AUDIENCE} says otherwise. */
  public static final String DEFAULT_AUDIENCE = "apigrants";
  /** The longest lifetime a development token may have. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(30);

  private final ECKey key;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  private DevTokens(ECKey key, String issuer, String audience, Clock clock) {
    this.key = key;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  /**
   * Reads the signing key from a development server's data folder, for tokens with the default
   * issuer and audience.
   *
   * @throws IOException if the key file is missing, unreadable, or not a private EC key
   */
  public static DevTokens load(Path dataDir) throws IOException {
    return load(dataDir, DEFAULT_ISSUER, DEFAULT_AUDIENCE, Clock.systemUTC());
  }

  /**
   * Reads the signing key from a development server's data folder, for tokens with the given
   * issuer and audience, timed by {@code clock}.
   *
   * @throws IOException if the key file is missing, unreadable, or not a private EC key
   */
  public static DevTokens load(Path dataDir, String issuer, String audience, Clock clock)
      throws IOException {
    Path file = dataDir.resolve(SIGNING_KEY_FILE);
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("no development signing key at " + file
          + "; start the server on the embedded default with this data folder first", e);
    }
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException e) {
      throw new IOException(file + " is not a JSON Web Key", e);
    }
    if (!(jwk instanceof ECKey ecKey) || !ecKey.isPrivate()) {
      throw new IOException(file + " does not hold a private EC key");
    }
    return new DevTokens(ecKey, requireText(issuer, "issuer"), requireText(audience, "audience"),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Returns a signed token for {@code username} of {@code org} with {@code roles}, valid from now
   * for {@code lifetime}.
   *
   * @throws IllegalArgumentException if a name is blank or the lifetime is not between zero and
   *     {@link #MAX_LIFETIME}
   */
  public String mint(String username, String org, Collection<String> roles, Duration lifetime) {
    requireText(username, "username");
    requireText(org, "org");
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()
        || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException("the lifetime must be positive and at most 30 days");
    }
    // JWT times are whole seconds; truncating keeps exp - iat exactly the lifetime asked for.
    Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject(username)
        .claim("org", org)
        .claim("roles", List.copyOf(roles))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .keyID(key.getKeyID())
        .type(JOSEObjectType.JWT)
        .build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the development key " + key.getKeyID(), e);
    }
    return jwt.serialize();
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value;
  }

  /** Names the key id only, never the private key. */
  @Override
  public String toString() {
    return "DevTokens[kid=" + key.getKeyID() + ", issuer=" + issuer + "]";
  }
}

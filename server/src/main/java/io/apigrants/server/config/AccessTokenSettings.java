package io.apigrants.server.config;

import java.time.Duration;

/**
 * How the server issues OAuth2 access tokens and rotates the keys that sign them.
 *
 * @param issuer the {@code iss} of access tokens; resource servers check it
 * @param audience the {@code aud} of access tokens; resource servers check it
 * @param lifetime how long a token lives unless its grant expires sooner
 * @param keyRotation how long one signing key signs before the next takes over
 */
public record AccessTokenSettings(
    String issuer, String audience, Duration lifetime, Duration keyRotation) {

  public static final String DEFAULT_ISSUER = "apigrants";
  public static final String DEFAULT_AUDIENCE = "apigrants-api";
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
  public static final Duration DEFAULT_KEY_ROTATION = Duration.ofDays(1);

  /** Longest lifetime accepted: a token outlives revocation checks of offline verifiers. */
  static final Duration MAX_LIFETIME = Duration.ofHours(24);

  public AccessTokenSettings {
    if (issuer == null || issuer.isBlank()) {
      throw new ConfigException("APIGRANTS_TOKEN_ISSUER must not be empty.");
    }
    if (audience == null || audience.isBlank()) {
      throw new ConfigException("APIGRANTS_TOKEN_AUDIENCE must not be empty.");
    }
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new ConfigException("APIGRANTS_ACCESS_TOKEN_TTL must lie between PT1S and PT24H.");
    }
    if (keyRotation.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException("APIGRANTS_SIGNING_KEY_ROTATION must be at least PT1M.");
    }
  }

  /** The defaults, as a deployment that sets nothing gets them. */
  public static AccessTokenSettings defaults() {
    return new AccessTokenSettings(
        DEFAULT_ISSUER, DEFAULT_AUDIENCE, DEFAULT_LIFETIME, DEFAULT_KEY_ROTATION);
  }
}

package io.apigrants.server.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.apigrants.server.secret.Fingerprints;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Access tokens whose signature and claims this server has already checked, by fingerprint,
 * until they expire. A gateway presents the same token with every request of its lifetime, and
 * an ES256 signature check costs hundreds of microseconds where a lookup costs a fraction of one.
 *
 * <p>Only what the token itself says is remembered. Its expiry is still compared on every use,
 * and whether its grant still stands is decided afresh each time ({@link AccessTokenVerifier}).
 */
final class VerifiedTokens {
  /** About 700 bytes a token: at most some 35 MB. */
  static final int MAX_TOKENS = 50_000;

  private final Cache<String, AccessTokenClaims> claims = Caffeine.newBuilder()
      // Housekeeping on the calling thread: a pool would wake a thread every few hits.
      .executor(Runnable::run)
      .maximumSize(MAX_TOKENS)
      .expireAfter(Expiry.<String, AccessTokenClaims>creating((key, held) ->
          nonNegative(Duration.between(Instant.now(), held.expireTime()))))
      .build();

  /** The claims of {@code token} if it was checked before; its expiry is the caller's to test. */
  Optional<AccessTokenClaims> find(String token) {
    return Optional.ofNullable(claims.getIfPresent(Fingerprints.of(token)));
  }

  /** Remembers that {@code token} carries {@code checked}, signature and claims verified. */
  void remember(String token, AccessTokenClaims checked) {
    claims.put(Fingerprints.of(token), checked);
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}

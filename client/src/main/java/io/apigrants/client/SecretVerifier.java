package io.apigrants.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.VerifySecretRequest;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the API secrets a resource server receives, with an optional short cache of positive
 * answers.
 *
 * <pre>{@code
 * SecretVerifier verifier = SecretVerifier.builder(client).build();
 * SecretVerification result =
 *     verifier.verify(secret, request.remoteAddress(), List.of("spreadsheets.read"));
 * if (!result.active()) {
 *   return unauthorized(result.reason());
 * }
 * }</pre>
 *
 * <p>Design note. Only answers with {@code active = true} are cached, so a rejection is never
 * served stale and an attacker cannot fill the cache with junk. A cached positive answer may
 * outlive a revocation (a regenerate, a username change, a delete) by at most the cache TTL,
 * which is why it defaults to a few seconds and cannot exceed {@link #MAX_CACHE_TTL}: the
 * server's own cache TTL is the backstop it must stay under. Nor does an entry outlive the
 * grant's own expiry. Entries are keyed by a salted SHA-256 of (secret, client IP, required
 * scopes), never by the secret. Every miss goes to the server; a server that cannot vouch for the
 * secret answers {@code UNAVAILABLE}, which {@link #verify} throws.
 *
 * <p>Thread-safe.
 */
public final class SecretVerifier {
  /** Cache lifetime of a positive answer unless configured otherwise. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(3);
  /** The longest cache lifetime allowed: well under the server's own cache backstop. */
  public static final Duration MAX_CACHE_TTL = Duration.ofSeconds(30);
  /** Cached answers kept at most unless configured otherwise. */
  public static final long DEFAULT_CACHE_SIZE = 10_000;

  private final TokenVerificationGrpc.TokenVerificationBlockingStub stub;
  private final Optional<Cache<VerificationCacheKey, SecretVerification>> cache;
  private final byte[] salt = new byte[16];

  private SecretVerifier(Builder builder) {
    this.stub = builder.stub;
    new SecureRandom().nextBytes(salt);
    if (builder.cacheTtl.isZero() || builder.maximumCacheSize == 0) {
      this.cache = Optional.empty();
    } else {
      this.cache = Optional.of(Caffeine.newBuilder()
          // Housekeeping on the calling thread: a pool would wake a thread every few hits.
          .executor(Runnable::run)
          .maximumSize(builder.maximumCacheSize)
          .ticker(builder.ticker)
          .expireAfter(new UntilTtlOrGrantExpiry(builder.cacheTtl, builder.clock))
          .build());
    }
  }

  /** Starts building a verifier that calls TokenVerification through {@code client}. */
  public static Builder builder(GrantsClient client) {
    return builder(client.tokenVerification());
  }

  /**
   * Starts building a verifier over a TokenVerification stub that already carries credentials
   * with the {@code token_verifier} role (and a deadline, if wanted).
   */
  public static Builder builder(TokenVerificationGrpc.TokenVerificationBlockingStub stub) {
    return new Builder(stub);
  }

  /**
   * Verifies a secret presented from {@code clientIp} for a call needing
   * {@code requiredScopes}.
   *
   * <p>A bad credential is an answer ({@code active() == false}), not an exception.
   *
   * @throws StatusRuntimeException when the server cannot answer ({@code UNAVAILABLE},
   *     {@code DEADLINE_EXCEEDED}) or refuses the caller ({@code UNAUTHENTICATED},
   *     {@code PERMISSION_DENIED}, {@code INVALID_ARGUMENT})
   */
  public SecretVerification verify(
      String secret, String clientIp, Collection<String> requiredScopes) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(clientIp, "clientIp");
    List<String> scopes = List.copyOf(Objects.requireNonNull(requiredScopes, "requiredScopes"));

    VerificationCacheKey key = cache.isPresent()
        ? VerificationCacheKey.of(salt, secret, clientIp, scopes)
        : null;
    if (key != null) {
      SecretVerification cached = cache.get().getIfPresent(key);
      if (cached != null) {
        return cached;
      }
    }

    SecretVerification answer = SecretVerification.of(stub.verifySecret(
        VerifySecretRequest.newBuilder()
            .setSecret(secret)
            .setClientIp(clientIp)
            .addAllRequiredScopes(scopes)
            .build()));
    if (key != null && answer.active()) {
      cache.get().put(key, answer);
    }
    return answer;
  }

  /** Forgets every cached answer, for instance on a lifecycle event about a grant. */
  public void invalidateAll() {
    cache.ifPresent(Cache::invalidateAll);
  }

  /** Describes the verifier without any cached content. */
  @Override
  public String toString() {
    return "SecretVerifier[cache=" + (cache.isPresent() ? "on" : "off") + "]";
  }

  /** Expires an entry at the cache TTL, or when its grant expires if that comes first. */
  private static final class UntilTtlOrGrantExpiry
      implements Expiry<VerificationCacheKey, SecretVerification> {
    private final long ttlNanos;
    private final Clock clock;

    UntilTtlOrGrantExpiry(Duration ttl, Clock clock) {
      this.ttlNanos = ttl.toNanos();
      this.clock = clock;
    }

    @Override
    public long expireAfterCreate(
        VerificationCacheKey key, SecretVerification value, long currentTime) {
      Instant now = clock.instant();
      return value.expireTime()
          .map(expiry -> Math.max(0, Math.min(ttlNanos, untilNanos(now, expiry))))
          .orElse(ttlNanos);
    }

    @Override
    public long expireAfterUpdate(VerificationCacheKey key, SecretVerification value,
        long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(VerificationCacheKey key, SecretVerification value,
        long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long untilNanos(Instant now, Instant expiry) {
      Duration left = Duration.between(now, expiry);
      // Beyond ~292 years toNanos overflows; such an expiry is simply later than any TTL.
      return left.compareTo(MAX_CACHE_TTL) > 0 ? Long.MAX_VALUE : left.toNanos();
    }
  }

  /** Configures a {@link SecretVerifier}. */
  public static final class Builder {
    private final TokenVerificationGrpc.TokenVerificationBlockingStub stub;
    private Duration cacheTtl = DEFAULT_CACHE_TTL;
    private long maximumCacheSize = DEFAULT_CACHE_SIZE;
    private Ticker ticker = Ticker.systemTicker();
    private Clock clock = Clock.systemUTC();

    private Builder(TokenVerificationGrpc.TokenVerificationBlockingStub stub) {
      this.stub = Objects.requireNonNull(stub, "stub");
    }

    /**
     * Sets how long a positive answer is reused, zero to {@link #MAX_CACHE_TTL}; zero turns the
     * cache off. Default {@link #DEFAULT_CACHE_TTL}.
     */
    public Builder cacheTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative() || ttl.compareTo(MAX_CACHE_TTL) > 0) {
        throw new IllegalArgumentException("cacheTtl must be between 0 and " + MAX_CACHE_TTL);
      }
      this.cacheTtl = ttl;
      return this;
    }

    /** Sets how many answers the cache keeps at most; zero turns it off. */
    public Builder maximumCacheSize(long size) {
      if (size < 0) {
        throw new IllegalArgumentException("maximumCacheSize must not be negative");
      }
      this.maximumCacheSize = size;
      return this;
    }

    /** Sets the time source of the cache's TTL; tests pass a ticker they move by hand. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The wall clock that grant expiry times are compared with; for tests. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the verifier. */
    public SecretVerifier build() {
      return new SecretVerifier(this);
    }
  }
}

package io.apigrants.server.config;

import java.time.Duration;

/**
 * How the verification cache is sized and how long its answers may live.
 *
 * @param maxGrants cached live secrets at most; 0 turns the cache off (every call reads)
 * @param ttl how long a cached snapshot may answer without a read: the backstop should an
 *     invalidation be lost, and how long cached answers outlive a database outage
 * @param negativeTtl how long a hash found in no live row is remembered as unknown
 */
public record VerifyCacheSettings(long maxGrants, Duration ttl, Duration negativeTtl) {
  /** Unknown hashes remembered at most; a flood of distinct wrong secrets simply cycles it. */
  public static final long MAX_UNKNOWN = 10_000;

  /** 100,000 grants, a 30 s backstop, unknown secrets remembered for 5 s. */
  public static VerifyCacheSettings defaults() {
    return new VerifyCacheSettings(100_000, Duration.ofSeconds(30), Duration.ofSeconds(5));
  }

  /** No cache at all: every verification reads the database (benchmarks of the miss path). */
  public static VerifyCacheSettings off() {
    return new VerifyCacheSettings(0, Duration.ZERO, Duration.ZERO);
  }

  public boolean enabled() {
    return maxGrants > 0 && !ttl.isZero() && !ttl.isNegative();
  }
}

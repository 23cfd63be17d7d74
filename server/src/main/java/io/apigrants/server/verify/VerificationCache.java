package io.apigrants.server.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.apigrants.server.config.VerifyCacheSettings;
import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.server.grant.LiveSecret;
import io.apigrants.server.store.Invalidation;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Live secrets by keyed hash, and hashes known to be unknown, so that most verifications need no
 * database read.
 *
 * <p>Keys are the secret's hash under the current pepper, never the secret. Both maps are
 * bounded by size and expire after a fixed time from the read that filled them: the TTL is the
 * backstop should an invalidation be lost, and the longest a cached answer outlives a database
 * outage. Time rules (grant expiry, end of a grace period) are not cached: they are decided from
 * the snapshot when answering.
 *
 * <p>A read that started before an invalidation must not leave its stale result behind it. Every
 * invalidation bumps an epoch before it evicts; a loader reads the epoch before its database
 * read, stores its result, then checks the epoch again and takes its own entry back out if an
 * invalidation ran meanwhile. Either the loader sees the new epoch, or its entry was in the map
 * before the eviction scanned it: the invalidation always wins.
 *
 * <p>Evicting one grant or one user scans the live map (bounded by its size, a few ms at 100,000
 * entries); invalidations are rare next to verifications, and a scan needs no second index to
 * keep consistent. Any invalidation also empties the unknown map, which is small.
 */
public final class VerificationCache {
  private final boolean enabled;
  private final Cache<String, LiveSecret> live;
  private final Cache<String, Boolean> unknown;
  private final AtomicLong epoch = new AtomicLong();

  /** A cache sized and timed by {@code settings}; turned off, it remembers nothing. */
  public VerificationCache(VerifyCacheSettings settings) {
    this(settings, Ticker.systemTicker());
  }

  VerificationCache(VerifyCacheSettings settings, Ticker ticker) {
    this.enabled = settings.enabled();
    this.live = Caffeine.newBuilder()
        // Housekeeping (read-buffer drains, evictions) on the calling thread. The default pool
        // costs a thread wake-up, a futex call, every few reads of a hot secret: measured at
        // several microseconds a verification, more than the verification itself.
        .executor(Runnable::run)
        .maximumSize(Math.max(settings.maxGrants(), 1))
        .expireAfterWrite(settings.ttl())
        .ticker(ticker)
        .build();
    this.unknown = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumSize(VerifyCacheSettings.MAX_UNKNOWN)
        .expireAfterWrite(settings.negativeTtl())
        .ticker(ticker)
        .build();
  }

  /** The cached live secret with hash {@code key}, if any. */
  Optional<LiveSecret> findLive(String key) {
    return Optional.ofNullable(live.getIfPresent(key));
  }

  /** Whether {@code key} was recently found in no live row. */
  boolean isKnownUnknown(String key) {
    // Not yet: a flood of distinct well-formed wrong secrets still costs one database read each.
    return unknown.getIfPresent(key) != null;
  }

  /** Read this before a database lookup and pass it to {@code remember*} afterwards. */
  long epoch() {
    return epoch.get();
  }

  /** Remembers what a lookup that began at {@code epochBeforeRead} found for {@code key}. */
  void rememberLive(String key, LiveSecret secret, long epochBeforeRead) {
    if (!enabled) {
      return;
    }
    live.put(key, secret);
    if (epoch.get() != epochBeforeRead) {
      live.asMap().remove(key, secret);
    }
  }

  /** Remembers that a lookup that began at {@code epochBeforeRead} found nothing for it. */
  void rememberUnknown(String key, long epochBeforeRead) {
    if (!enabled) {
      return;
    }
    unknown.put(key, Boolean.TRUE);
    if (epoch.get() != epochBeforeRead) {
      unknown.invalidate(key);
    }
  }

  /** Forgets whatever {@code invalidation} covers; subscribed to the database's notices. */
  public void invalidate(Invalidation invalidation) {
    epoch.incrementAndGet();
    switch (invalidation.kind()) {
      case GRANT -> evictWhere(grantWithId(invalidation.key()));
      case USER -> evictWhere(grant -> grant.org().equals(invalidation.org())
          && grant.username().equals(invalidation.key()));
      case ALL -> live.invalidateAll();
    }
    unknown.invalidateAll();
  }

  /** Live secrets held now (an estimate, as Caffeine evicts lazily). */
  public long size() {
    return live.estimatedSize();
  }

  private void evictWhere(Predicate<GrantSnapshot> covered) {
    live.asMap().values().removeIf(secret -> covered.test(secret.grant()));
  }

  private static Predicate<GrantSnapshot> grantWithId(String key) {
    UUID grantId;
    try {
      grantId = UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      // A notice this replica cannot read may still cover anything it holds.
      return grant -> true;
    }
    return grant -> grant.id().equals(grantId);
  }
}

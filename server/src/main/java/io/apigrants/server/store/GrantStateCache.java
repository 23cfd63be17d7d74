package io.apigrants.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.apigrants.server.token.GrantState;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The revocation-relevant state of grants, remembered between VerifyAccessToken calls.
 *
 * <p>Every change that moves a grant's state publishes an {@link Invalidation}, on this replica
 * after its commit and on the others through NOTIFY; each one evicts here (a user's notice, rare,
 * evicts everything, since this cache is keyed by grant alone). The time limit is a backstop for
 * a notice lost while a replica's listener reconnects, which also flushes.
 *
 * <p>A read racing an invalidation must not store what it read before the change: each notice
 * bumps an epoch, and a reader that sees the epoch move after storing its answer evicts it.
 */
public final class GrantStateCache {
  private final GrantStateStore store;
  private final Cache<UUID, Optional<GrantState>> cache;
  private final AtomicLong epoch = new AtomicLong();

  public GrantStateCache(GrantStateStore store, Invalidations invalidations, long maxGrants,
      Duration timeToLive) {
    this.store = store;
    this.cache = Caffeine.newBuilder()
        // Housekeeping on the calling thread, not a pool: see VerificationCache.
        .executor(Runnable::run)
        .maximumSize(maxGrants)
        .expireAfterWrite(timeToLive)
        .build();
    invalidations.subscribe(this::evict);
  }

  /** The grant {@code id} as stored now, or as stored when last read if nothing changed since. */
  public Optional<GrantState> find(UUID id) {
    Optional<GrantState> cached = cache.getIfPresent(id);
    if (cached != null) {
      return cached;
    }
    long before = epoch.get();
    Optional<GrantState> read = store.find(id);
    cache.put(id, read);
    if (epoch.get() != before) {
      cache.invalidate(id);
    }
    return read;
  }

  private void evict(Invalidation invalidation) {
    epoch.incrementAndGet();
    if (invalidation.kind() == Invalidation.Kind.GRANT) {
      cache.invalidate(UUID.fromString(invalidation.key()));
    } else {
      cache.invalidateAll();
    }
  }
}

package io.apigrants.server.event;

import io.apigrants.server.store.GrantEventStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes lifecycle events older than the retention. A watcher resuming from before a deleted
 * event of its scope (its organisation's, or any for a platform watcher) then gets OUT_OF_RANGE
 * and knows to resync; other organisations' deleted events do not concern it.
 */
public final class EventRetention {
  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

  private final GrantEventStore store;
  private final Duration retention;
  private final Clock clock;

  public EventRetention(GrantEventStore store, Duration retention, Clock clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
  }

  /** Deletes what has outlived the retention at the clock's now; returns how many. */
  public int runOnce() {
    int deleted = store.purgeBefore(clock.instant().minus(retention));
    if (deleted > 0) {
      log.info("deleted {} grant events older than {}", deleted, retention);
    }
    return deleted;
  }
}

package io.apigrants.server.event;

import io.apigrants.server.store.GrantEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits EXPIRING_SOON and EXPIRED once per grant, each in the transaction that sets the grant's
 * notice flag. Runs periodically; replicas running it at once skip each other's rows.
 *
 * <p>An update that changes a grant's expiry clears both flags in its transaction
 * ({@code GrantStore.update}), so the notices fire again for the new expiry.
 */
public final class ExpiryNotices {
  private static final Logger log = LoggerFactory.getLogger(ExpiryNotices.class);
  private static final int BATCH = 500;

  private final GrantEventStore store;
  private final Duration lead;
  private final Clock clock;

  public ExpiryNotices(GrantEventStore store, Duration lead, Clock clock) {
    this.store = store;
    this.lead = lead;
    this.clock = clock;
  }

  /** What one pass emitted. */
  public record Pass(int expiringSoon, int expired) {}

  /** Emits every notice due at the clock's now; returns the counts. */
  public Pass runOnce() {
    Instant now = clock.instant();
    int expired = 0;
    for (int batch = BATCH; batch == BATCH; ) {
      batch = store.emitExpired(now, BATCH);
      expired += batch;
    }
    int expiring = 0;
    for (int batch = BATCH; batch == BATCH; ) {
      batch = store.emitExpiringSoon(now, now.plus(lead), BATCH);
      expiring += batch;
    }
    if (expired + expiring > 0) {
      log.debug("expiry notices: {} expiring soon, {} expired", expiring, expired);
    }
    return new Pass(expiring, expired);
  }
}

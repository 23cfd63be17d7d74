package io.apigrants.server.verify;

import io.apigrants.server.grant.LastUse;
import io.apigrants.server.store.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when each grant's secret last verified, and writes those times in one batch every
 * few seconds and on shutdown: the verification path never writes to the database.
 *
 * <p>Memory is one entry per grant used since the last flush (the latest use wins). A flush
 * that fails puts its entries back for the next one; times still pending when the process dies
 * are lost, which the product accepts ("may lag by seconds").
 *
 * <p>A flush is due when the server's clock has moved a flush interval past the previous one;
 * a background check looks at the clock often enough not to add much lag. Tests move their
 * clock to make a flush due instead of waiting for it.
 */
public final class LastUseRecorder implements AutoCloseable {
  /** How often pending times are written unless the server says otherwise. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);
  /** How much earlier than the true last use a recorded time may be. */
  static final Duration RESOLUTION = Duration.ofSeconds(1);
  /** The longest the background check waits between two looks at the clock. */
  private static final Duration MAX_CHECK_PERIOD = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(LastUseRecorder.class);

  private final SecretStore store;
  private final Clock clock;
  private final Duration flushInterval;
  private final ConcurrentHashMap<UUID, LastUse> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  // Once constructed, read and written by the scheduler thread only.
  private Instant lastFlush;
  private Instant nextFlush;

  /** A recorder that writes through {@code store} every {@code flushInterval} of {@code clock}. */
  public LastUseRecorder(SecretStore store, Clock clock, Duration flushInterval) {
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("the last-use flush interval must be positive");
    }
    this.store = store;
    this.clock = clock;
    this.flushInterval = flushInterval;
    this.lastFlush = clock.instant();
    this.nextFlush = lastFlush.plus(flushInterval);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "apigrants-last-use");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the periodic flush. */
  public void start() {
    long millis = Math.min(flushInterval.toMillis(), MAX_CHECK_PERIOD.toMillis());
    scheduler.scheduleWithFixedDelay(this::flushIfDue, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Notes a successful verification. Times are kept to {@link #RESOLUTION}: a use from the same
   * address less than that after the pending one changes nothing, and costs a read rather than
   * a locked write, which every verification of a busy grant would otherwise contend for.
   */
  void record(UUID grantId, Instant time, String clientIp) {
    LastUse held = pending.get(grantId);
    if (held != null && held.clientIp().equals(clientIp)
        && time.isBefore(held.time().plus(RESOLUTION))) {
      return;
    }
    pending.merge(grantId, new LastUse(grantId, time, clientIp),
        (kept, offered) -> offered.time().isBefore(kept.time()) ? kept : offered);
  }

  /**
   * Writes every time recorded so far in one batch and returns how many grants it wrote. Uses
   * recorded while it runs go to the next flush.
   */
  public synchronized int flush() {
    List<LastUse> batch = new ArrayList<>();
    for (UUID grantId : pending.keySet()) {
      LastUse use = pending.remove(grantId);
      if (use != null) {
        batch.add(use);
      }
    }
    try {
      store.writeLastUses(batch);
    } catch (RuntimeException e) {
      batch.forEach(use -> record(use.grantId(), use.time(), use.clientIp()));
      throw e;
    }
    return batch.size();
  }

  /** Flushes once the clock has passed the next flush time, or gone back behind the last one. */
  private void flushIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextFlush) && !now.isBefore(lastFlush)) {
      return;
    }
    lastFlush = now;
    nextFlush = now.plus(flushInterval);
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("could not write last-used times, retrying in {}: {}", flushInterval,
          rootMessage(e));
    }
  }

  /** Stops the periodic flush and writes what is pending. Call before the database closes. */
  @Override
  public void close() {
    // shutdown, not shutdownNow: interrupting a running flush would break its connection.
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("last-used times of {} grants lost at shutdown: {}", pending.size(),
          rootMessage(e));
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}

package io.apigrants.server.verify;

import io.apigrants.server.grant.LastUse;
import io.apigrants.server.store.SecretStore;
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
 */
public final class LastUseRecorder implements AutoCloseable {
  /** How often pending times are written. */
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(LastUseRecorder.class);

  private final SecretStore store;
  private final ConcurrentHashMap<UUID, LastUse> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;

  public LastUseRecorder(SecretStore store) {
    this.store = store;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "apigrants-last-use");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the periodic flush. */
  public void start() {
    long millis = FLUSH_INTERVAL.toMillis();
    scheduler.scheduleWithFixedDelay(this::flushInBackground, millis, millis,
        TimeUnit.MILLISECONDS);
  }

  void record(UUID grantId, Instant time, String clientIp) {
    pending.merge(grantId, new LastUse(grantId, time, clientIp),
        (held, offered) -> offered.time().isBefore(held.time()) ? held : offered);
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

  private void flushInBackground() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("could not write last-used times, retrying in {}: {}", FLUSH_INTERVAL,
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

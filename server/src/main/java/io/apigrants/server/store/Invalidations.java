package io.apigrants.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes invalidations from inside the transaction of the change that causes them.
 *
 * <p>Two paths, both only once the transaction commits (a rolled-back change invalidates
 * nothing): this replica's subscribers are called right after the commit, on the committing
 * thread, so a caller that changed a grant sees the change on its next verification here; and on
 * PostgreSQL a {@code NOTIFY} sent in the transaction reaches every other replica's
 * {@link InvalidationListener}. On H2 (one node) the local path is all there is.
 *
 * <p>Transactions run on one thread each and are not nested here, so pending notices are kept
 * in a thread-local between {@link #publish} and the commit.
 */
public final class Invalidations implements TransactionListener {
  /** The PostgreSQL notification channel. */
  public static final String CHANNEL = "apigrants_invalidate";

  private static final Logger log = LoggerFactory.getLogger(Invalidations.class);

  /** Tags this replica's notices, which come back to its own listener and are skipped there. */
  private final String origin = UUID.randomUUID().toString();
  private final ThreadLocal<List<Invalidation>> pending = ThreadLocal.withInitial(ArrayList::new);
  private final List<Consumer<Invalidation>> subscribers = new CopyOnWriteArrayList<>();
  private volatile boolean notifyOthers;

  /** Called by {@link Database} once it knows whether other replicas can be reached. */
  void notifyOtherReplicas(boolean enabled) {
    this.notifyOthers = enabled;
  }

  /** Registers a local subscriber, called after each commit that published notices. */
  public void subscribe(Consumer<Invalidation> subscriber) {
    subscribers.add(subscriber);
  }

  /** Publishes {@code invalidation} as part of {@code tx}, which must be a transaction. */
  public void publish(DSLContext tx, Invalidation invalidation) {
    if (notifyOthers) {
      tx.select(org.jooq.impl.DSL.function("pg_notify", Object.class,
              org.jooq.impl.DSL.val(CHANNEL),
              org.jooq.impl.DSL.val(origin + "|" + invalidation.encode())))
          .fetch();
    }
    pending.get().add(invalidation);
  }

  /**
   * Delivers a notice received from PostgreSQL, unless this replica sent it: those reached the
   * local subscribers at commit already.
   */
  void receive(String payload) {
    int bar = payload.indexOf('|');
    if (bar == origin.length() && payload.startsWith(origin)) {
      return;
    }
    Invalidation.decode(payload.substring(bar + 1)).ifPresentOrElse(
        this::deliver, () -> log.warn("ignored a malformed invalidation notice"));
  }

  /** Delivers a notice to local subscribers now (used by the listener for other replicas). */
  void deliver(Invalidation invalidation) {
    for (Consumer<Invalidation> subscriber : subscribers) {
      try {
        subscriber.accept(invalidation);
      } catch (RuntimeException e) {
        log.error("invalidation subscriber failed", e);
      }
    }
  }

  @Override
  public void commitEnd(TransactionContext ctx) {
    List<Invalidation> committed = List.copyOf(pending.get());
    pending.remove();
    committed.forEach(this::deliver);
  }

  @Override
  public void rollbackEnd(TransactionContext ctx) {
    pending.remove();
  }

  @Override
  public void beginStart(TransactionContext ctx) {
    // A leftover from a transaction that failed between publish and commit must not leak in.
    pending.remove();
  }

  @Override
  public void beginEnd(TransactionContext ctx) {}

  @Override
  public void commitStart(TransactionContext ctx) {}

  @Override
  public void rollbackStart(TransactionContext ctx) {}
}

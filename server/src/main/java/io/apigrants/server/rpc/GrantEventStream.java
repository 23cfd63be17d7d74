package io.apigrants.server.rpc;

import com.google.protobuf.Timestamp;
import io.apigrants.server.event.GrantEventRecord;
import io.apigrants.server.store.GrantEventStore;
import io.apigrants.v1.GrantEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WatchGrantEvents call: reads the outbox after its cursor in batches and writes events only
 * while the transport is ready, so it holds at most one batch in memory however slow the
 * consumer.
 *
 * <p>All work on the call happens in {@link #drain}, which runs on the worker pool and never
 * twice at once (the {@code wip} counter); {@link #signal} asks for a run from any thread.
 * Writing to the observer anywhere else would race with it.
 */
final class GrantEventStream {
  private static final int BATCH = GrantEventStreams.BATCH;

  private final ServerCallStreamObserver<GrantEvent> observer;
  private final Optional<String> org;
  private final GrantEventStore store;
  private final GrantEventStreams registry;
  private final Executor executor;
  private final Clock clock;
  private final AtomicInteger wip = new AtomicInteger();
  private final ArrayDeque<GrantEventRecord> buffer = new ArrayDeque<>(BATCH);

  // Touched only inside drain.
  private long fetchedThrough;
  private long seenHead;
  private boolean caughtUp;
  private boolean done;

  private volatile Status pendingClose;
  private volatile Instant stalledSince;
  private volatile int mostHeld;

  GrantEventStream(ServerCallStreamObserver<GrantEvent> observer, Optional<String> org,
      long afterSequence, GrantEventStore store, GrantEventStreams registry, Executor executor,
      Clock clock) {
    this.observer = observer;
    this.org = org;
    this.fetchedThrough = afterSequence;
    this.store = store;
    this.registry = registry;
    this.executor = executor;
    this.clock = clock;
  }

  /** Asks for a drain; cheap and safe from any thread. */
  void signal() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // We own the drain (wip was 0), so closing here cannot race with it.
      done = true;
      registry.remove(this);
      observer.onError(Status.UNAVAILABLE
          .withDescription("server overloaded; reconnect with the last after_sequence")
          .asRuntimeException());
    }
  }

  /** Ends the stream with {@code status} at its next drain. */
  void close(Status status) {
    pendingClose = status;
    signal();
  }

  /**
   * Since when the consumer has taken no event while events wait for it; null when it is not
   * blocked. Restarts whenever the consumer takes one.
   */
  Instant stalledSince() {
    return stalledSince;
  }

  /** The most events this stream has held in memory at once. */
  int mostHeld() {
    return mostHeld;
  }

  private void drain() {
    int missed = 1;
    do {
      drainOnce();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drainOnce() {
    if (done) {
      return;
    }
    if (observer.isCancelled()) {
      finish();
      return;
    }
    Status close = pendingClose;
    if (close != null) {
      finish();
      observer.onError(close.asRuntimeException());
      return;
    }
    boolean sending = false;
    try {
      while (observer.isReady()) {
        if (buffer.isEmpty() && !fetchIfDue()) {
          break;
        }
        observer.onNext(toProto(buffer.poll()));
        if (!sending) {
          // The transport takes events, so the consumer is reading: not stalled while this
          // drain sends, however long it runs.
          sending = true;
          stalledSince = null;
        }
      }
    } catch (RuntimeException e) {
      finish();
      observer.onError(StatusMapper.toStatus(e));
      return;
    }
    boolean waiting = !buffer.isEmpty() || !caughtUp || registry.head() > seenHead;
    if (observer.isReady() || !waiting) {
      stalledSince = null;
    } else if (stalledSince == null) {
      stalledSince = clock.instant();
    }
  }

  /** Reads the next batch if events may be waiting; returns whether the buffer has any. */
  private boolean fetchIfDue() {
    long head = registry.head();
    if (caughtUp && head <= seenHead) {
      return false;
    }
    long before = fetchedThrough;
    List<GrantEventRecord> batch = store.after(org, before, BATCH);
    // Read after the batch: a purge that committed before it shows here. A purge deletes a
    // prefix of the sequence, so the batch missed an event of our scope only if it no longer
    // begins at or below the newest one purged.
    long purged = store.purgedThrough(org);
    if (purged > before && (batch.isEmpty() || batch.get(0).sequence() > purged)) {
      throw Status.OUT_OF_RANGE
          .withDescription("events after sequence " + before + " were deleted by retention"
              + " before they were read; resync and watch from after_sequence 0")
          .asRuntimeException();
    }
    buffer.addAll(batch);
    mostHeld = Math.max(mostHeld, buffer.size());
    if (!batch.isEmpty()) {
      fetchedThrough = batch.get(batch.size() - 1).sequence();
    }
    caughtUp = batch.size() < BATCH;
    if (caughtUp) {
      // Appends commit in sequence order, so every event up to the head read before the batch
      // had committed: the cursor passes other organisations' events too, and stays near the
      // head however long this organisation is quiet.
      fetchedThrough = Math.max(fetchedThrough, head);
    }
    // Everything committed up to the head read before the batch is in it or earlier.
    seenHead = Math.max(seenHead, head);
    return !buffer.isEmpty();
  }

  private void finish() {
    done = true;
    buffer.clear();
    stalledSince = null;
    registry.remove(this);
  }

  private static GrantEvent toProto(GrantEventRecord event) {
    Instant time = event.eventTime();
    return GrantEvent.newBuilder()
        .setSequence(event.sequence())
        .setType(GrantEvent.Type.valueOf(event.type().name()))
        .setGrant(event.grant())
        .setClientId(event.clientId().toString())
        .setOrg(event.org())
        .setWorkspace(event.workspace())
        .setUsername(event.username())
        .setEventTime(Timestamp.newBuilder()
            .setSeconds(time.getEpochSecond())
            .setNanos(time.getNano()))
        .build();
  }
}

package io.apigrants.server.rpc;

import io.apigrants.server.grant.InvalidArgumentException;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.store.GrantEventStore;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.WatchGrantEventsRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The open WatchGrantEvents streams of this replica, and the one poller that wakes them.
 *
 * <p>{@link #tick} (every 200 ms) reads the outbox's highest sequence once for all streams and
 * wakes them when it moved, so idle streams cost no queries. It also cuts off consumers that
 * have taken no event for the stall timeout while events wait: such a stream ends with
 * RESOURCE_EXHAUSTED and the consumer resumes from the last sequence it received. A consumer
 * that keeps taking events, however slowly, is never cut off.
 */
public final class GrantEventStreams {
  /** Events one stream reads from the outbox at once, and so the most it holds in memory. */
  public static final int BATCH = 256;

  /** Streams one replica serves at most; more are refused with RESOURCE_EXHAUSTED. */
  static final int MAX_STREAMS = 1000;

  private final GrantEventStore store;
  private final Executor executor;
  private final Clock clock;
  private final Duration stallTimeout;
  private final Set<GrantEventStream> streams = ConcurrentHashMap.newKeySet();
  private volatile long head;

  public GrantEventStreams(GrantEventStore store, Executor executor, Clock clock,
      Duration stallTimeout) {
    this.store = store;
    this.executor = executor;
    this.clock = clock;
    this.stallTimeout = stallTimeout;
  }

  /** Starts streaming the caller's events (every organisation's for a platform reader). */
  void watch(WatchGrantEventsRequest request, StreamObserver<GrantEvent> responseObserver) {
    ServerCallStreamObserver<GrantEvent> observer =
        (ServerCallStreamObserver<GrantEvent>) responseObserver;
    GrantEventStream stream;
    try {
      stream = open(request, observer);
    } catch (RuntimeException e) {
      observer.onError(StatusMapper.toStatus(e));
      return;
    }
    observer.setOnReadyHandler(stream::signal);
    observer.setOnCancelHandler(stream::signal);
    stream.signal();
  }

  private GrantEventStream open(
      WatchGrantEventsRequest request, ServerCallStreamObserver<GrantEvent> observer) {
    long after = request.getAfterSequence();
    if (after < 0) {
      throw InvalidArgumentException.of("after_sequence", "must not be negative");
    }
    CallerIdentity caller = CallerIdentity.current();
    Optional<String> org = caller.hasRole(Roles.PLATFORM_EVENT_READER)
        ? Optional.empty() : Optional.of(caller.org());
    if (streams.size() >= MAX_STREAMS) {
      throw Status.RESOURCE_EXHAUSTED
          .withDescription("too many event streams on this server; retry later")
          .asRuntimeException();
    }

    // Only the caller's own events count: retention deleting other organisations' events
    // past a quiet organisation's last one has cost its watcher nothing.
    GrantEventStore.Watermarks marks = store.watermarks(org);
    if (after > 0 && after < marks.purgedThrough()) {
      throw Status.OUT_OF_RANGE
          .withDescription("events after sequence " + after + " are past retention;"
              + " resync and watch from after_sequence 0")
          .asRuntimeException();
    }
    if (after > marks.head()) {
      throw Status.OUT_OF_RANGE
          .withDescription("after_sequence " + after + " is ahead of the newest event "
              + marks.head() + "; resync and watch from after_sequence 0")
          .asRuntimeException();
    }
    observeHead(marks.head());
    long start = after == 0 ? marks.purgedThrough() : after;
    GrantEventStream stream =
        new GrantEventStream(observer, org, start, store, this, executor, clock);
    streams.add(stream);
    return stream;
  }

  /**
   * Polls the newest sequence once, wakes every stream if it moved, and cuts off stalled
   * consumers. Called every 200 ms; a no-op while no stream is open.
   */
  public void tick() {
    if (streams.isEmpty()) {
      return;
    }
    // Not yet: polled; PostgreSQL LISTEN/NOTIFY at commit would wake streams without the delay.
    long newest = store.watermarks().head();
    if (observeHead(newest)) {
      streams.forEach(GrantEventStream::signal);
    }
    cutOffStalled();
  }

  /** Cuts off the consumers stalled for the stall timeout; returns how many. */
  public int cutOffStalled() {
    Instant limit = clock.instant().minus(stallTimeout);
    int cut = 0;
    for (GrantEventStream stream : streams) {
      Instant since = stream.stalledSince();
      if (since != null && !since.isAfter(limit)) {
        stream.close(Status.RESOURCE_EXHAUSTED.withDescription("consumer fell behind: no event"
            + " taken for " + stallTimeout + " while events wait; reconnect with after_sequence"
            + " set to the last sequence received"));
        cut++;
      }
    }
    return cut;
  }

  /** How many open streams have a consumer that stopped taking waiting events. */
  public int stalledStreams() {
    return (int) streams.stream().filter(stream -> stream.stalledSince() != null).count();
  }

  /**
   * Since when the longest-blocked open stream's consumer has taken no waiting event; empty
   * when none is blocked.
   */
  public Optional<Instant> oldestStall() {
    return streams.stream()
        .map(GrantEventStream::stalledSince)
        .filter(Objects::nonNull)
        .min(Comparator.naturalOrder());
  }

  /** The most events any open stream has held in memory at once; at most {@link #BATCH}. */
  public int mostEventsHeld() {
    return streams.stream().mapToInt(GrantEventStream::mostHeld).max().orElse(0);
  }

  /** How many streams are open on this replica. */
  public int openStreams() {
    return streams.size();
  }

  /** Ends every stream with UNAVAILABLE, so consumers reconnect elsewhere; for shutdown. */
  public void closeAll() {
    streams.forEach(stream -> stream.close(Status.UNAVAILABLE
        .withDescription("server shutting down; reconnect with the last after_sequence")));
  }

  long head() {
    return head;
  }

  void remove(GrantEventStream stream) {
    streams.remove(stream);
  }

  private synchronized boolean observeHead(long newest) {
    if (newest > head) {
      head = newest;
      return true;
    }
    return false;
  }
}

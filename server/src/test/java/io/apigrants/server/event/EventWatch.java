package io.apigrants.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.WatchGrantEventsRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One WatchGrantEvents call from a test: collects events and the closing status. */
final class EventWatch implements AutoCloseable {
  private final BlockingQueue<GrantEvent> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> end = new CompletableFuture<>();
  private final AtomicInteger received = new AtomicInteger();
  // Set in beforeStart, which runs inside watchGrantEvents before open returns.
  private volatile ClientCallStreamObserver<WatchGrantEventsRequest> call;

  private EventWatch() {}

  /** Watches after {@code afterSequence}, taking every event as it comes. */
  static EventWatch open(Channel channel, String bearerToken, long afterSequence) {
    return open(channel, bearerToken, afterSequence, -1);
  }

  /**
   * Watches after {@code afterSequence}; with {@code initialRequest} of 0 or more the consumer
   * takes only that many until {@link #request} asks for more.
   */
  static EventWatch open(Channel channel, String bearerToken, long afterSequence,
      int initialRequest) {
    EventWatch watch = new EventWatch();
    TokenVerificationGrpc.newStub(channel)
        .withCallCredentials(TestServer.bearer(bearerToken))
        .watchGrantEvents(
            WatchGrantEventsRequest.newBuilder().setAfterSequence(afterSequence).build(),
            watch.observer(initialRequest));
    return watch;
  }

  private ClientResponseObserver<WatchGrantEventsRequest, GrantEvent> observer(
      int initialRequest) {
    return new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<WatchGrantEventsRequest> requestStream) {
        if (initialRequest >= 0) {
          requestStream.disableAutoRequestWithInitial(initialRequest);
        }
        call = requestStream;
      }

      @Override
      public void onNext(GrantEvent event) {
        received.incrementAndGet();
        events.add(event);
      }

      @Override
      public void onError(Throwable failure) {
        end.complete(Status.fromThrowable(failure));
      }

      @Override
      public void onCompleted() {
        end.complete(Status.OK);
      }
    };
  }

  /** The next {@code count} events, failing if they do not come within ten seconds. */
  List<GrantEvent> take(int count) throws InterruptedException {
    List<GrantEvent> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GrantEvent event = events.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("event %d of %d", i + 1, count).isNotNull();
      taken.add(event);
    }
    return taken;
  }

  /** The status the server closed the stream with, waiting up to ten seconds for it. */
  Status awaitEnd() throws Exception {
    return end.get(10, TimeUnit.SECONDS);
  }

  /** Lets the server send {@code count} more events. */
  void request(int count) {
    call.request(count);
  }

  /** How many events arrived so far. */
  int received() {
    return received.get();
  }

  @Override
  public void close() {
    if (!end.isDone()) {
      call.cancel("test done", null);
    }
  }
}

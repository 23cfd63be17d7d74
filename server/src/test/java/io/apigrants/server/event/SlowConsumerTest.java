package io.apigrants.server.event;

import static io.apigrants.server.store.schema.Tables.GRANT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.config.EventSettings;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.rpc.GrantEventStreams;
import io.apigrants.server.testing.Await;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GrantEvent;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Back-pressure on WatchGrantEvents: consumers behind a fixed 64 KiB flow-control window, so
 * one that stops requesting blocks the server after a few hundred events. The stall timeout is
 * driven by the server's clock.
 */
class SlowConsumerTest {
  private static final String ORG = "acme";
  private static final Duration STALL_TIMEOUT = EventSettings.DEFAULT_STALL_TIMEOUT;

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void consumerThatStopsReadingIsCutOffWithoutTheServerBufferingItsBacklog(
      TestServer.Store store) throws Exception {
    MutableClock clock = MutableClock.startingNow();
    int backlog = 2000;
    try (TestServer server = TestServer.start(store, clock)) {
      insertBacklog(server, clock, backlog);
      GrantEventStreams streams = server.server().lifecycle().eventStreams();
      ManagedChannel smallWindow = smallWindow(server);

      try (EventWatch stalled = watch(server, smallWindow)) {
        Await.until("the consumer blocks the server", () -> streams.stalledStreams() == 1);
        int mostHeld = streams.mostEventsHeld();
        clock.advance(STALL_TIMEOUT.plusSeconds(1));
        int cut = streams.cutOffStalled();
        stalled.request(Integer.MAX_VALUE);
        Status end = stalled.awaitEnd();

        assertThat(cut).isOne();
        assertThat(end.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(stalled.received()).isPositive().isLessThan(backlog);
        assertThat(mostHeld).isPositive().isLessThanOrEqualTo(GrantEventStreams.BATCH);
        assertThat(streams.openStreams()).isZero();
      } finally {
        smallWindow.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void consumerThatKeepsTakingEventsSlowlyIsNeverCutOff(TestServer.Store store)
      throws Exception {
    MutableClock clock = MutableClock.startingNow();
    // Far more than the consumer takes: how many events the transport holds in flight varies.
    int backlog = 16_000;
    int rounds = 4;
    Duration pause = STALL_TIMEOUT.multipliedBy(2).dividedBy(3);
    try (TestServer server = TestServer.start(store, clock)) {
      insertBacklog(server, clock, backlog);
      GrantEventStreams streams = server.server().lifecycle().eventStreams();
      ManagedChannel smallWindow = smallWindow(server);

      try (EventWatch slow = watch(server, smallWindow)) {
        Await.until("the consumer blocks the server", () -> streams.stalledStreams() == 1);
        List<GrantEvent> taken = new ArrayList<>();
        List<Boolean> restarted = new ArrayList<>();
        int cut = 0;
        for (int round = 0; round < rounds; round++) {
          clock.advance(pause);
          cut += streams.cutOffStalled();
          // One event at a time, until the server has seen the consumer take events.
          Instant now = clock.instant();
          int limit = taken.size() + backlog / (2 * rounds);
          do {
            slow.request(1);
            taken.addAll(slow.take(1));
          } while (!stallClockRestarted(streams, now) && taken.size() < limit);
          restarted.add(stallClockRestarted(streams, now));
        }
        int mostHeld = streams.mostEventsHeld();

        assertThat(cut).isZero();
        assertThat(restarted).containsOnly(true);
        assertThat(streams.openStreams()).isOne();
        assertThat(taken).extracting(GrantEvent::getSequence).isSorted().doesNotHaveDuplicates();
        assertThat(mostHeld).isLessThanOrEqualTo(GrantEventStreams.BATCH);
      } finally {
        smallWindow.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Whether the one open stream's stall clock has restarted since {@code now}: the server is
   * sending it events, or blocked again since {@code now}.
   */
  private static boolean stallClockRestarted(GrantEventStreams streams, Instant now) {
    return streams.oldestStall().map(now::equals).orElse(true);
  }

  /** Events of {@link #ORG} in multi-row inserts: only the backlog's size matters here. */
  private static void insertBacklog(TestServer server, MutableClock clock, int count) {
    StoredGrant grant = new GrantRows(server, clock).create(ORG, "alice");
    for (int done = 0; done < count; done += 1000) {
      var insert = server.server().database().dsl()
          .insertInto(GRANT_EVENT, GRANT_EVENT.ORG_ID, GRANT_EVENT.EVENT_TYPE, GRANT_EVENT.GRANT_ID,
              GRANT_EVENT.CLIENT_ID, GRANT_EVENT.WORKSPACE_ID, GRANT_EVENT.USERNAME,
              GRANT_EVENT.EVENT_TIME);
      for (int i = done; i < Math.min(count, done + 1000); i++) {
        insert = insert.values(ORG, "UPDATED", grant.id(), grant.clientId(), grant.workspace(),
            grant.username(), clock.instant().atOffset(ZoneOffset.UTC));
      }
      insert.execute();
    }
  }

  /** A channel with a fixed 64 KiB window: a consumer requesting nothing blocks the server. */
  private static ManagedChannel smallWindow(TestServer server) {
    return NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext()
        .flowControlWindow(64 * 1024)
        .build();
  }

  /** Watches every event of {@link #ORG} with manual flow control, requesting none at first. */
  private static EventWatch watch(TestServer server, ManagedChannel channel) {
    return EventWatch.open(channel,
        server.tokens().mint("svc-slow", ORG, Roles.TOKEN_VERIFIER), 0, 0);
  }
}

package io.apigrants.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Timestamps;
import io.apigrants.server.config.EventSettings;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.store.EventOutbox;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantEvent;
import io.apigrants.v1.UpdateGrantRequest;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retention, expiry notices and shutdown, each driven by the server's clock. */
class EventLifecycleTest {
  private static final String ORG = "acme";
  private static final String OTHER_ORG = "globex";

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void resumePointPastRetentionIsOutOfRange(TestServer.Store store) throws Exception {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.start(store, clock)) {
      StoredGrant grant = new GrantRows(server, clock).create(ORG, "alice");
      long first = append(server, clock, GrantEventType.CREATED, grant);
      append(server, clock, GrantEventType.UPDATED, grant);
      long lastOld = append(server, clock, GrantEventType.UPDATED, grant);
      clock.advance(EventSettings.DEFAULT_RETENTION.plusHours(1));
      long recent = append(server, clock, GrantEventType.DISABLED, grant);

      server.server().lifecycle().eventRetention().runOnce();

      try (EventWatch pastRetention = watch(server, first);
          EventWatch fromOldest = watch(server, 0);
          EventWatch fromLastDeleted = watch(server, lastOld)) {
        assertThat(pastRetention.awaitEnd().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        assertThat(fromOldest.take(1).get(0).getSequence()).isEqualTo(recent);
        assertThat(fromLastDeleted.take(1).get(0).getSequence()).isEqualTo(recent);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void retentionPastAQuietOrganisationsLastEventCostsItsWatcherNothing(TestServer.Store store)
      throws Exception {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.start(store, clock)) {
      GrantRows grants = new GrantRows(server, clock);
      StoredGrant quiet = grants.create(ORG, "alice");
      StoredGrant busy = grants.create(OTHER_ORG, "bob");
      long quietFirst = append(server, clock, GrantEventType.CREATED, quiet);
      long quietLast = append(server, clock, GrantEventType.UPDATED, quiet);
      append(server, clock, GrantEventType.CREATED, busy);
      append(server, clock, GrantEventType.UPDATED, busy);

      try (EventWatch live = watch(server, 0)) {
        live.take(2);
        clock.advance(EventSettings.DEFAULT_RETENTION.plusHours(1));
        int deleted = server.server().lifecycle().eventRetention().runOnce();
        append(server, clock, GrantEventType.UPDATED, busy);
        long quietNext = append(server, clock, GrantEventType.DISABLED, quiet);
        GrantEvent next = live.take(1).get(0);

        try (EventWatch resumed = watch(server, quietLast);
            EventWatch beforePurged = watch(server, quietFirst);
            EventWatch platform = EventWatch.open(server.channel(), server.tokens().mint(
                "svc-indexer", "platform", Roles.TOKEN_VERIFIER, Roles.PLATFORM_EVENT_READER),
                quietLast)) {
          assertThat(deleted).isEqualTo(4);
          assertThat(next.getSequence()).isEqualTo(quietNext);
          assertThat(resumed.take(1).get(0).getSequence()).isEqualTo(quietNext);
          assertThat(beforePurged.awaitEnd().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
          assertThat(platform.awaitEnd().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void expiringSoonAndExpiredFireOncePerGrant(TestServer.Store store) throws Exception {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.start(store, clock)) {
      GrantRows grants = new GrantRows(server, clock);
      Instant now = clock.instant();
      StoredGrant inTenDays = grants.create(ORG, "alice", GrantRows.SCOPES,
          now.plus(Duration.ofDays(10)));
      StoredGrant inThreeDays = grants.create(ORG, "bob", GrantRows.SCOPES,
          now.plus(Duration.ofDays(3)));
      StoredGrant alreadyExpired = grants.create(ORG, "carol", GrantRows.SCOPES,
          now.minus(Duration.ofHours(1)));
      ExpiryNotices notices = server.server().lifecycle().expiryNotices();

      try (EventWatch watch = watch(server, 0)) {
        notices.runOnce();
        notices.runOnce();
        List<GrantEvent> firstPass = watch.take(2);
        clock.advance(Duration.ofDays(4));
        notices.runOnce();
        notices.runOnce();
        List<GrantEvent> secondPass = watch.take(2);
        clock.advance(Duration.ofDays(7));
        notices.runOnce();
        notices.runOnce();
        List<GrantEvent> thirdPass = watch.take(1);
        long sentinel = append(server, clock, GrantEventType.UPDATED, inTenDays);
        GrantEvent next = watch.take(1).get(0);

        assertThat(firstPass).extracting(GrantEvent::getType, GrantEvent::getGrant)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(GrantEvent.Type.EXPIRED,
                    alreadyExpired.name()),
                org.assertj.core.groups.Tuple.tuple(GrantEvent.Type.EXPIRING_SOON,
                    inThreeDays.name()));
        assertThat(secondPass).extracting(GrantEvent::getType, GrantEvent::getGrant)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(GrantEvent.Type.EXPIRED, inThreeDays.name()),
                org.assertj.core.groups.Tuple.tuple(GrantEvent.Type.EXPIRING_SOON,
                    inTenDays.name()));
        assertThat(thirdPass).extracting(GrantEvent::getType, GrantEvent::getGrant)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(GrantEvent.Type.EXPIRED, inTenDays.name()));
        assertThat(next.getSequence()).isEqualTo(sentinel);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void newExpiryFromTheAdminLetsBothNoticesFireAgainOnce(TestServer.Store store)
      throws Exception {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.start(store, clock)) {
      GrantRows grants = new GrantRows(server, clock);
      Instant now = clock.instant();
      StoredGrant expiring = grants.create(ORG, "alice", GrantRows.SCOPES,
          now.plus(Duration.ofDays(3)));
      StoredGrant expired = grants.create(ORG, "bob", GrantRows.SCOPES,
          now.minus(Duration.ofHours(1)));
      ExpiryNotices notices = server.server().lifecycle().expiryNotices();

      try (EventWatch watch = watch(server, 0)) {
        notices.runOnce();
        List<GrantEvent> firstNotices = watch.take(2);
        setExpiry(server, expiring, now.plus(Duration.ofDays(20)));
        setExpiry(server, expired, now.plus(Duration.ofDays(21)));
        List<GrantEvent> updates = watch.take(2);
        notices.runOnce();
        clock.advance(Duration.ofDays(15));
        notices.runOnce();
        notices.runOnce();
        List<GrantEvent> expiringAgain = watch.take(2);
        clock.advance(Duration.ofDays(7));
        notices.runOnce();
        notices.runOnce();
        List<GrantEvent> expiredAgain = watch.take(2);
        long sentinel = append(server, clock, GrantEventType.UPDATED, expiring);
        GrantEvent next = watch.take(1).get(0);

        assertThat(firstNotices).extracting(GrantEvent::getType, GrantEvent::getGrant)
            .containsExactly(
                tuple(GrantEvent.Type.EXPIRED, expired.name()),
                tuple(GrantEvent.Type.EXPIRING_SOON, expiring.name()));
        assertThat(updates).extracting(GrantEvent::getType)
            .containsOnly(GrantEvent.Type.UPDATED);
        assertThat(expiringAgain).extracting(GrantEvent::getType, GrantEvent::getGrant)
            .containsExactly(
                tuple(GrantEvent.Type.EXPIRING_SOON, expiring.name()),
                tuple(GrantEvent.Type.EXPIRING_SOON, expired.name()));
        assertThat(expiredAgain).extracting(GrantEvent::getType, GrantEvent::getGrant)
            .containsExactly(
                tuple(GrantEvent.Type.EXPIRED, expiring.name()),
                tuple(GrantEvent.Type.EXPIRED, expired.name()));
        assertThat(next.getSequence()).isEqualTo(sentinel);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void shutdownEndsStreamsWithUnavailable(TestServer.Store store) throws Exception {
    MutableClock clock = MutableClock.startingNow();
    EventWatch watch;
    try (TestServer server = TestServer.start(store, clock)) {
      StoredGrant grant = new GrantRows(server, clock).create(ORG, "alice");
      append(server, clock, GrantEventType.CREATED, grant);
      watch = watch(server, 0);
      watch.take(1);
    }

    assertThat(watch.awaitEnd().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  private static long append(
      TestServer server, MutableClock clock, GrantEventType type, StoredGrant grant) {
    return server.server().database().dsl().transactionResult(configuration ->
        EventOutbox.append(configuration.dsl(), type, grant, clock.instant()));
  }

  /** An admin moves the grant's expiry through UpdateGrant. */
  private static void setExpiry(TestServer server, StoredGrant grant, Instant expiry) {
    server.admin(grant.org(), "root").updateGrant(UpdateGrantRequest.newBuilder()
        .setGrant(Grant.newBuilder()
            .setName(grant.name())
            .setExpireTime(Timestamps.fromMillis(expiry.toEpochMilli())))
        .setUpdateMask(FieldMask.newBuilder().addPaths("expire_time"))
        .build());
  }

  private static EventWatch watch(TestServer server, long afterSequence) {
    return EventWatch.open(server.channel(),
        server.tokens().mint("svc-watch", ORG, Roles.TOKEN_VERIFIER), afterSequence);
  }
}

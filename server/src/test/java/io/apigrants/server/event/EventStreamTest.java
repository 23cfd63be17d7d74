package io.apigrants.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.store.EventOutbox;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GrantEvent;
import io.grpc.Status;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WatchGrantEvents over events appended in transactions, on each store. Tests share one server
 * per store and keep apart by organisation; none moves the clock.
 */
class EventStreamTest {
  private static final Map<TestServer.Store, TestServer> servers =
      new EnumMap<>(TestServer.Store.class);
  private static final MutableClock clock = MutableClock.startingNow();

  @BeforeAll
  static void startServers() {
    for (TestServer.Store store : TestServer.Store.values()) {
      servers.put(store, TestServer.start(store, clock));
    }
  }

  @AfterAll
  static void stopServers() {
    servers.values().forEach(TestServer::close);
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void everyAppendedEventStreamsOnceInOrder(TestServer.Store store) throws Exception {
    TestServer server = servers.get(store);
    String org = uniqueOrg();
    StoredGrant grant = new GrantRows(server, clock).create(org, "alice");
    List<GrantEventType> types = List.of(GrantEventType.CREATED, GrantEventType.UPDATED,
        GrantEventType.SECRET_REGENERATED, GrantEventType.SECRET_INVALIDATED,
        GrantEventType.DISABLED, GrantEventType.ENABLED, GrantEventType.DELETED);
    types.forEach(type -> append(server, type, grant));

    try (EventWatch watch = watch(server, org, 0)) {
      List<GrantEvent> events = watch.take(types.size());
      long sentinel = append(server, GrantEventType.UPDATED, grant);
      GrantEvent next = watch.take(1).get(0);

      assertThat(events).extracting(event -> event.getType().name())
          .containsExactlyElementsOf(types.stream().map(Enum::name).toList());
      assertThat(events).extracting(GrantEvent::getSequence).isSorted().doesNotHaveDuplicates();
      assertThat(events).allSatisfy(event -> {
        assertThat(event.getGrant()).isEqualTo(grant.name());
        assertThat(event.getClientId()).isEqualTo(grant.clientId().toString());
        assertThat(event.getOrg()).isEqualTo(org);
        assertThat(event.getWorkspace()).isEqualTo(GrantRows.WORKSPACE_ID);
        assertThat(event.getUsername()).isEqualTo("alice");
        assertThat(event.getEventTime().getSeconds()).isEqualTo(clock.instant().getEpochSecond());
      });
      assertThat(next.getSequence()).isEqualTo(sentinel);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void resumingLosesNothingAndRepeatsNothing(TestServer.Store store) throws Exception {
    TestServer server = servers.get(store);
    String org = uniqueOrg();
    StoredGrant grant = new GrantRows(server, clock).create(org, "bob");
    for (int i = 0; i < 5; i++) {
      append(server, GrantEventType.UPDATED, grant);
    }
    long lastSeen;
    try (EventWatch first = watch(server, org, 0)) {
      lastSeen = first.take(3).get(2).getSequence();
    }

    List<Long> missed = List.of(
        append(server, GrantEventType.DISABLED, grant),
        append(server, GrantEventType.ENABLED, grant),
        append(server, GrantEventType.DELETED, grant));
    try (EventWatch resumed = watch(server, org, lastSeen)) {
      List<GrantEvent> events = resumed.take(5);
      long sentinel = append(server, GrantEventType.UPDATED, grant);
      GrantEvent next = resumed.take(1).get(0);

      assertThat(events).extracting(GrantEvent::getSequence)
          .isSorted()
          .doesNotHaveDuplicates()
          .allSatisfy(sequence -> assertThat(sequence).isGreaterThan(lastSeen))
          .containsAll(missed);
      assertThat(events.subList(0, 2)).extracting(GrantEvent::getType)
          .containsOnly(GrantEvent.Type.UPDATED);
      assertThat(next.getSequence()).isEqualTo(sentinel);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void onlyTheCallersOrganisationIsStreamedUnlessPlatformWide(TestServer.Store store)
      throws Exception {
    TestServer server = servers.get(store);
    String ours = uniqueOrg();
    String theirs = uniqueOrg();
    GrantRows grants = new GrantRows(server, clock);
    StoredGrant ourGrant = grants.create(ours, "carol");
    StoredGrant theirGrant = grants.create(theirs, "dave");
    long ourFirst = append(server, GrantEventType.CREATED, ourGrant);
    long theirs1 = append(server, GrantEventType.CREATED, theirGrant);
    long ourSecond = append(server, GrantEventType.UPDATED, ourGrant);

    try (EventWatch own = watch(server, ours, ourFirst - 1);
        EventWatch platform = EventWatch.open(server.channel(), server.tokens().mint(
            "svc-indexer", "platform", Roles.TOKEN_VERIFIER, Roles.PLATFORM_EVENT_READER),
            ourFirst - 1)) {
      List<GrantEvent> ownEvents = own.take(2);
      List<GrantEvent> platformEvents = platform.take(3);

      assertThat(ownEvents).extracting(GrantEvent::getSequence)
          .containsExactly(ourFirst, ourSecond);
      assertThat(platformEvents).extracting(GrantEvent::getSequence)
          .containsExactly(ourFirst, theirs1, ourSecond);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void backlogOfSeveralBatchesStreamsCompletelyInOrder(TestServer.Store store) throws Exception {
    TestServer server = servers.get(store);
    String org = uniqueOrg();
    StoredGrant grant = new GrantRows(server, clock).create(org, "gail");
    List<Long> appended = server.server().database().dsl().transactionResult(configuration -> {
      List<Long> sequences = new java.util.ArrayList<>();
      for (int i = 0; i < 700; i++) {
        sequences.add(EventOutbox.append(
            configuration.dsl(), GrantEventType.UPDATED, grant, clock.instant()));
      }
      return sequences;
    });

    try (EventWatch watch = watch(server, org, 0)) {
      List<GrantEvent> events = watch.take(appended.size());

      assertThat(events).extracting(GrantEvent::getSequence)
          .containsExactlyElementsOf(appended);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void rolledBackChangeEmitsNothing(TestServer.Store store) throws Exception {
    TestServer server = servers.get(store);
    String org = uniqueOrg();
    StoredGrant grant = new GrantRows(server, clock).create(org, "erin");
    long before = append(server, GrantEventType.CREATED, grant);

    try {
      server.server().database().dsl().transaction(configuration -> {
        EventOutbox.append(configuration.dsl(), GrantEventType.DELETED, grant, clock.instant());
        throw new IllegalStateException("the change failed after its event was appended");
      });
    } catch (IllegalStateException expected) {
      // the transaction rolled back
    }
    long after = append(server, GrantEventType.UPDATED, grant);

    try (EventWatch watch = watch(server, org, before)) {
      GrantEvent next = watch.take(1).get(0);

      assertThat(next.getSequence()).isEqualTo(after);
      assertThat(next.getType()).isEqualTo(GrantEvent.Type.UPDATED);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void resumePointAheadOfTheNewestEventIsOutOfRange(TestServer.Store store) throws Exception {
    TestServer server = servers.get(store);
    String org = uniqueOrg();
    long newest = append(server, GrantEventType.CREATED,
        new GrantRows(server, clock).create(org, "fred"));

    try (EventWatch watch = watch(server, org, newest + 1_000_000)) {
      assertThat(watch.awaitEnd().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void negativeResumePointIsInvalid(TestServer.Store store) throws Exception {
    TestServer server = servers.get(store);

    try (EventWatch watch = watch(server, uniqueOrg(), -1)) {
      assertThat(watch.awaitEnd().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void callerWithoutTheVerifierRoleIsDenied(TestServer.Store store) throws Exception {
    TestServer server = servers.get(store);

    try (EventWatch watch = EventWatch.open(server.channel(),
        server.tokens().mint("svc-x", uniqueOrg(), Roles.PLATFORM_EVENT_READER), 0)) {
      assertThat(watch.awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }

  static long append(TestServer server, GrantEventType type, StoredGrant grant) {
    return server.server().database().dsl().transactionResult(configuration ->
        EventOutbox.append(configuration.dsl(), type, grant, clock.instant()));
  }

  static EventWatch watch(TestServer server, String org, long afterSequence) {
    return EventWatch.open(server.channel(),
        server.tokens().mint("svc-watch", org, Roles.TOKEN_VERIFIER), afterSequence);
  }

  private static String uniqueOrg() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

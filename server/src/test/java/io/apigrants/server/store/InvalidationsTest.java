package io.apigrants.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.TestStore;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Invalidations reach this replica after commit, and other replicas through LISTEN/NOTIFY. */
class InvalidationsTest {

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void onlyCommittedNoticesAreDeliveredLocally(TestServer.Store store) throws Exception {
    try (TestStore stores = new TestStore(store); Database database = stores.open()) {
      BlockingQueue<Invalidation> heard = subscribe(database);
      Invalidation committed = Invalidation.grant("acme", UUID.randomUUID());
      Invalidation rolledBack = Invalidation.user("acme", "alice");

      database.dsl().transaction(tx -> database.invalidations().publish(tx.dsl(), committed));
      assertThatThrownBy(() -> database.dsl().transaction(tx -> {
        database.invalidations().publish(tx.dsl(), rolledBack);
        throw new IllegalStateException("the change failed");
      })).isInstanceOf(IllegalStateException.class);
      database.dsl().transaction(tx -> { });

      assertThat(drainIgnoringFlushes(heard)).containsExactly(committed);
    }
  }

  @Test
  void anotherReplicaHearsTheNotice() throws Exception {
    try (TestStore stores = new TestStore(TestServer.Store.POSTGRESQL);
        Database first = stores.open();
        Database second = stores.open()) {
      BlockingQueue<Invalidation> heardBySecond = subscribe(second);
      awaitListening(second, 1);
      Invalidation notice = Invalidation.user("acme", "bob|with|pipes");

      first.dsl().transaction(tx -> first.invalidations().publish(tx.dsl(), notice));

      assertThat(nextIgnoringFlushes(heardBySecond)).isEqualTo(notice);
    }
  }

  @Test
  void droppedListenerReconnectsFlushesAndHearsAgain() throws Exception {
    try (TestStore stores = new TestStore(TestServer.Store.POSTGRESQL);
        Database first = stores.open();
        Database second = stores.open()) {
      BlockingQueue<Invalidation> heardBySecond = subscribe(second);
      awaitListening(second, 1);
      heardBySecond.clear();

      first.dsl().fetch("select pg_terminate_backend(pid) from pg_stat_activity"
          + " where datname = current_database() and query ilike 'listen%'");

      assertThat(heardBySecond.poll(10, TimeUnit.SECONDS)).isEqualTo(Invalidation.all());
      awaitListening(second, 2);
      Invalidation notice = Invalidation.grant("acme", UUID.randomUUID());
      first.dsl().transaction(tx -> first.invalidations().publish(tx.dsl(), notice));
      assertThat(nextIgnoringFlushes(heardBySecond)).isEqualTo(notice);
    }
  }

  @Test
  void noticesSurviveTheirWireForm() {
    Invalidation notice = Invalidation.user("org|x", "name|with|pipes");

    assertThat(Invalidation.decode(notice.encode())).contains(notice);
    assertThat(Invalidation.decode("garbage")).isEmpty();
  }

  private static BlockingQueue<Invalidation> subscribe(Database database) {
    BlockingQueue<Invalidation> heard = new LinkedBlockingQueue<>();
    database.invalidations().subscribe(heard::add);
    return heard;
  }

  private static void awaitListening(Database database, long connects) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (database.listenerConnects() < connects) {
      assertThat(System.nanoTime()).as("listener connected in time").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static Invalidation nextIgnoringFlushes(BlockingQueue<Invalidation> heard)
      throws InterruptedException {
    while (true) {
      Invalidation next = heard.poll(10, TimeUnit.SECONDS);
      assertThat(next).as("a notice arrived in time").isNotNull();
      if (next.kind() != Invalidation.Kind.ALL) {
        return next;
      }
    }
  }

  private static java.util.List<Invalidation> drainIgnoringFlushes(
      BlockingQueue<Invalidation> heard) {
    java.util.List<Invalidation> all = new java.util.ArrayList<>();
    heard.drainTo(all);
    return all.stream().filter(n -> n.kind() != Invalidation.Kind.ALL).toList();
  }
}

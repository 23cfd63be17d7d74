package io.apigrants.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.store.EventOutbox;
import io.apigrants.server.testing.Await;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GrantEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DefaultConnectionProvider;
import org.junit.jupiter.api.Test;

/**
 * The outbox's ordering lock on PostgreSQL: an append waits for the one before it to commit, so
 * a watcher that has read sequence n never sees a smaller one commit afterwards.
 */
class OutboxOrderingTest {
  private static final String ORG = "acme";

  @Test
  void laterAppendWaitsForTheEarlierOneSoTheWatcherSkipsNothing() throws Exception {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.postgres(clock);
        Connection first = server.database().connect();
        Connection second = server.database().connect()) {
      StoredGrant grant = new GrantRows(server, clock).create(ORG, "alice");
      long before = server.server().database().dsl().transactionResult(configuration ->
          EventOutbox.append(configuration.dsl(), GrantEventType.CREATED, grant, clock.instant()));
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      int secondPid = backendPid(second);

      long firstSequence = append(server, first, grant, clock);
      CompletableFuture<Long> secondAppend = CompletableFuture.supplyAsync(() -> {
        try {
          long sequence = append(server, second, grant, clock);
          second.commit();
          return sequence;
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      Await.until("the second append waits on a lock",
          () -> waitsOnALock(server, secondPid));
      try (EventWatch watch = EventWatch.open(server.channel(),
          server.tokens().mint("svc-watch", ORG, Roles.TOKEN_VERIFIER), before)) {
        first.commit();
        long secondSequence = secondAppend.get(10, TimeUnit.SECONDS);
        List<GrantEvent> events = watch.take(2);

        assertThat(events).extracting(GrantEvent::getSequence)
            .containsExactly(firstSequence, secondSequence);
        assertThat(secondSequence).isGreaterThan(firstSequence);
      }
    }
  }

  private static long append(TestServer server, Connection connection, StoredGrant grant,
      MutableClock clock) {
    DSLContext tx = server.server().database().dsl().configuration()
        .derive(new DefaultConnectionProvider(connection))
        .dsl();
    return EventOutbox.append(tx, GrantEventType.UPDATED, grant, clock.instant());
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("select pg_backend_pid()");
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  private static boolean waitsOnALock(TestServer server, int pid) {
    try (Connection observer = server.database().connect();
        PreparedStatement statement = observer.prepareStatement(
            "select wait_event_type from pg_stat_activity where pid = ?")) {
      statement.setInt(1, pid);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() && "Lock".equals(row.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

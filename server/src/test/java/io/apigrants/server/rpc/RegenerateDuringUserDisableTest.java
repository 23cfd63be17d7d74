package io.apigrants.server.rpc;

import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static io.apigrants.server.testing.Statuses.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.Await;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A regenerate that meets a user disable still in flight waits for it and then refuses, rather
 * than reading the user as enabled and issuing a secret. PostgreSQL only: the test holds the
 * disable open on a connection of its own, which H2's embedded locking does not allow.
 */
class RegenerateDuringUserDisableTest {
  private final String org = GrantRows.newOrg();

  @Test
  void regenerateWaitsForAnUncommittedDisableAndThenRefuses() throws Exception {
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (TestServer server = TestServer.postgres();
        Connection disabler = server.database().connect()) {
      UUID grantId = new GrantRows(server, Clock.systemUTC()).grant(org, "alice").insert();
      disabler.setAutoCommit(false);
      disableWithoutCommitting(disabler);

      Future<Status.Code> regenerate =
          caller.submit(() -> codeOf(() -> server.regenerateSecret(org, "alice", grantId)));
      Await.until("the regenerate waiting for the user row", () -> waitingForALock(disabler));
      disabler.commit();

      assertThat(regenerate.get(30, TimeUnit.SECONDS)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(server.server().database().dsl()
          .fetchCount(GRANT_SECRET, GRANT_SECRET.GRANT_ID.eq(grantId))).isZero();
    } finally {
      caller.shutdownNow();
      assertThat(caller.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private void disableWithoutCommitting(Connection connection) throws SQLException {
    try (PreparedStatement disable = connection.prepareStatement(
        "update app_user set disabled = true where org_id = ? and username = ?")) {
      disable.setString(1, org);
      disable.setString(2, "alice");
      assertThat(disable.executeUpdate()).isEqualTo(1);
    }
  }

  /** Whether another session of this database waits for a row lock. */
  private static boolean waitingForALock(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
            "select count(*) from pg_stat_activity where datname = current_database()"
                + " and wait_event_type = 'Lock' and pid <> pg_backend_pid()");
        ResultSet row = query.executeQuery()) {
      row.next();
      return row.getInt(1) > 0;
    }
  }
}

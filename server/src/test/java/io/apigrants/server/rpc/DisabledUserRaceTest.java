package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.badRequestFields;
import static io.apigrants.server.testing.Statuses.failureOf;
import static io.apigrants.server.rpc.GrantLifecycleTest.mask;
import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.TestDatabase;
import io.apigrants.server.testing.TestServer.Store;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.UpdateGrantRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user disabled while a grant write for them is under way: the write was validated with the
 * user still active, but must not commit a grant for a disabled user.
 *
 * <p>Driven step by step on PostgreSQL: a plain JDBC connection locks the user's row as a
 * disabling admin would, the write starts and is seen waiting on that lock, the connection then
 * disables the user and commits. (H2 cannot show a session waiting, so it has no such test.)
 */
class DisabledUserRaceTest {
  @RegisterExtension
  static final StoreServers servers = new StoreServers();

  @Test
  void createForAUserDisabledMeanwhileIsRefused() throws Exception {
    AdminFixture org = servers.seeded(Store.POSTGRESQL);

    StatusRuntimeException failure =
        whileDisabling(org, "alice", () -> failureOf(() -> org.create()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("grant.username");
    assertThat(grantsOf(org, "alice")).isZero();
  }

  @Test
  void reassignmentToAUserDisabledMeanwhileIsRefused() throws Exception {
    AdminFixture org = servers.seeded(Store.POSTGRESQL);
    Grant grant = org.create();

    StatusRuntimeException failure = whileDisabling(org, "bob",
        () -> failureOf(() -> org.admin.updateGrant(UpdateGrantRequest.newBuilder()
            .setGrant(grant.toBuilder().setUsername("bob"))
            .setUpdateMask(mask("username"))
            .build())));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badRequestFields(failure)).containsExactly("grant.username");
    assertThat(org.admin.getGrant(GetGrantRequest.newBuilder().setName(grant.getName()).build()))
        .isEqualTo(grant);
  }

  /**
   * Locks {@code username}'s row, starts {@code write}, waits until the write waits on a lock,
   * then disables the user, commits and answers what the write answered.
   */
  private static <T> T whileDisabling(AdminFixture org, String username, Callable<T> write)
      throws Exception {
    TestDatabase database = org.server.database();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (Connection disabler = database.connect(); Connection observer = database.connect()) {
      disabler.setAutoCommit(false);
      execute(disabler, "select disabled from app_user where org_id = ? and username = ? "
          + "for update", org.org, username);

      Future<T> result = writer.submit(write);
      awaitASessionWaitingOnALock(observer);
      execute(disabler, "update app_user set disabled = true where org_id = ? and username = ?",
          org.org, username);
      disabler.commit();

      return result.get(30, TimeUnit.SECONDS);
    } finally {
      writer.shutdownNow();
    }
  }

  private static void awaitASessionWaitingOnALock(Connection observer) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (PreparedStatement waiting = observer.prepareStatement("select count(*) "
          + "from pg_stat_activity "
          + "where datname = current_database() and wait_event_type = 'Lock'");
          ResultSet rows = waiting.executeQuery()) {
        rows.next();
        if (rows.getInt(1) > 0) {
          return;
        }
      }
      assertThat(System.nanoTime()).as("the write waits on the user's row lock within 30 s")
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static void execute(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      statement.execute();
    }
  }

  private static int grantsOf(AdminFixture org, String username) {
    return org.dsl().fetchCount(API_GRANT,
        API_GRANT.ORG_ID.eq(org.org).and(API_GRANT.USERNAME.eq(username)));
  }
}

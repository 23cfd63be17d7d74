package io.apigrants.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.FieldMask;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.Await;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.GetGrantRequest;
import io.apigrants.v1.Grant;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.UpdateGrantRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@link ApiGrantsServer#close()}, the SIGTERM hook, does to a call in flight. An
 * UpdateGrant is kept waiting inside the server on a row lock that the test holds through its own
 * JDBC connection, so the call is in flight for as long as the test says. PostgreSQL only: H2
 * gives up on a row lock after a second.
 */
class GracefulShutdownTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final String ORG = "acme";

  @Test
  void inFlightCallFinishesWhenItsLockIsReleasedWithinTheGrace() throws Exception {
    try (TestServer server = TestServer.start(TestServer.Store.POSTGRESQL, Clock.systemUTC(),
            config -> config.withShutdownGrace(Duration.ofMinutes(1)));
        Connection locker = server.database().connect()) {
      Grant grant = existingGrant(server);
      lockGrantRow(locker, grant);
      ListenableFuture<Grant> update = rename(server, grant);
      awaitWaitingOnALock(server);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server.server()::close);
      Await.until("new calls refused", BOUND, () -> refusesNewCalls(server));
      boolean closedBeforeTheCallFinished = closing.isDone();
      locker.rollback();
      Grant renamed = update.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      closing.get(BOUND.toSeconds(), TimeUnit.SECONDS);

      assertThat(closedBeforeTheCallFinished).isFalse();
      assertThat(renamed.getClientName()).isEqualTo("Renamed during shutdown");
    }
  }

  @Test
  void zeroGraceCancelsTheInFlightCallAndClosesPromptly() throws Exception {
    try (TestServer server = TestServer.start(TestServer.Store.POSTGRESQL, Clock.systemUTC(),
            config -> config.withShutdownGrace(Duration.ZERO));
        Connection locker = server.database().connect()) {
      Grant grant = existingGrant(server);
      lockGrantRow(locker, grant);
      ListenableFuture<Grant> update = rename(server, grant);
      awaitWaitingOnALock(server);

      long start = System.nanoTime();
      server.server().close();
      Duration closing = Duration.ofNanos(System.nanoTime() - start);

      // The lock is still held: only cancelling the call can have ended it.
      assertThat(closing).isLessThan(Duration.ofSeconds(10));
      assertThatThrownBy(() -> update.get(BOUND.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode())
                  .isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED));
    }
  }

  @Test
  void closeClosesThePool() throws Exception {
    try (TestServer server = TestServer.postgres();
        Connection observer = server.database().connect()) {
      existingGrant(server);

      server.server().close();

      assertThatThrownBy(() -> server.server().database().dataSource().getConnection())
          .isInstanceOf(SQLException.class);
      Await.until("the server's connections gone", BOUND,
          () -> otherConnections(observer) == 0);
    }
  }

  private static Grant existingGrant(TestServer server) {
    UUID id = new GrantRows(server, Clock.systemUTC()).create(ORG, "alice").id();
    return admin(server).getGrant(GetGrantRequest.newBuilder()
        .setName(GrantNames.format(id))
        .build());
  }

  private static GrantAdminGrpc.GrantAdminBlockingStub admin(TestServer server) {
    return server.admin(ORG, "root");
  }

  private static void lockGrantRow(Connection locker, Grant grant) throws SQLException {
    locker.setAutoCommit(false);
    try (PreparedStatement lock = locker.prepareStatement(
        "select id from api_grant where id = ? for update")) {
      lock.setObject(1, GrantNames.parse(grant.getName(), "name"));
      lock.executeQuery().close();
    }
  }

  private static ListenableFuture<Grant> rename(TestServer server, Grant grant) {
    return GrantAdminGrpc.newFutureStub(server.channel())
        .withCallCredentials(TestServer.bearer(
            server.tokens().mint("root", ORG, Roles.ORG_SECURITY_ADMIN)))
        .withDeadlineAfter(BOUND.toSeconds(), TimeUnit.SECONDS)
        .updateGrant(UpdateGrantRequest.newBuilder()
            .setGrant(grant.toBuilder().setClientName("Renamed during shutdown"))
            .setUpdateMask(FieldMask.newBuilder().addPaths("client_name"))
            .build());
  }

  /** Waits until a server connection waits on a lock: the update is in flight and stuck. */
  private static void awaitWaitingOnALock(TestServer server) throws SQLException {
    try (Connection observer = server.database().connect()) {
      Await.until("the update waiting on the row lock", BOUND, () -> count(observer,
          "select count(*) from pg_stat_activity"
              + " where datname = current_database() and wait_event_type = 'Lock'") == 1);
    }
  }

  private static boolean refusesNewCalls(TestServer server) {
    try {
      server.health().check(HealthCheckRequest.getDefaultInstance());
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }
  }

  /** Connections to the test database other than {@code observer}'s own. */
  private static long otherConnections(Connection observer) {
    return count(observer, "select count(*) from pg_stat_activity"
        + " where datname = current_database() and pid <> pg_backend_pid()");
  }

  private static long count(Connection connection, String sql) {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

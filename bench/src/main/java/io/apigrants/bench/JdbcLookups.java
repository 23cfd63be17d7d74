package io.apigrants.bench;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The miss-path baseline: a primary-key lookup of a grant row by bare JDBC (prepared statement,
 * one connection per thread, no pool, no jOOQ), on as many threads as the server has pooled
 * connections, so both sides may hold the same number of queries in flight.
 */
final class JdbcLookups implements AutoCloseable {
  private final String url;
  private final String user;
  private final List<UUID> ids;
  private final ListeningExecutorService threads;
  private final Map<Thread, PreparedStatement> statements = new ConcurrentHashMap<>();

  JdbcLookups(String url, String user, List<UUID> ids, int threads) {
    this.url = url;
    this.user = user;
    this.ids = ids;
    this.threads = MoreExecutors.listeningDecorator(Executors.newFixedThreadPool(threads));
  }

  /** Looks up the grant with the {@code n}-th id of the sample (cycling). */
  ListenableFuture<?> lookup(long n) {
    UUID id = ids.get((int) (n % ids.size()));
    return threads.submit(() -> {
      PreparedStatement statement = statements.computeIfAbsent(Thread.currentThread(),
          thread -> prepare());
      statement.setObject(1, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("a sampled grant is missing");
        }
      }
      return null;
    });
  }

  private PreparedStatement prepare() {
    try {
      Connection connection = DriverManager.getConnection(url, user, "");
      return connection.prepareStatement("select id, org_id, username, scopes, ip_allowlist,"
          + " expire_time, disabled from api_grant where id = ?");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect the JDBC baseline", e);
    }
  }

  @Override
  public void close() throws SQLException {
    threads.shutdownNow();
    for (PreparedStatement statement : statements.values()) {
      statement.getConnection().close();
    }
  }
}

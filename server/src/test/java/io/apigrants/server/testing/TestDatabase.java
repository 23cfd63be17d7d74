package io.apigrants.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database on this machine's server, dropped on close.
 *
 * <p>Each test class makes its own, so tests depend on no order and no leftovers, and parallel
 * builds do not collide. Host and user come from {@code APIGRANTS_TEST_PG_HOST} (default
 * {@code 127.0.0.1:5432}) and {@code APIGRANTS_TEST_PG_USER} (default {@code postgres}).
 */
public final class TestDatabase implements AutoCloseable {
  private static final String HOST = env("APIGRANTS_TEST_PG_HOST", "127.0.0.1:5432");
  private static final String USER = env("APIGRANTS_TEST_PG_USER", "postgres");

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  /** Creates a new database with a random name. */
  public static TestDatabase create() {
    String name = "apigrants_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("create database " + name);
    return new TestDatabase(name);
  }

  public String name() {
    return name;
  }

  /** JDBC URL of this database, without credentials. */
  public String jdbcUrl() {
    return jdbcUrlVia(HOST);
  }

  /** JDBC URL of this database reached at {@code hostAndPort}, e.g. a proxy in front of it. */
  public String jdbcUrlVia(String hostAndPort) {
    return "jdbc:postgresql://" + hostAndPort + "/" + name;
  }

  /** Where the PostgreSQL server listens, {@code host:port}. */
  public static String host() {
    return HOST;
  }

  public String user() {
    return USER;
  }

  /** Opens a plain JDBC connection to this database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, "");
  }

  @Override
  public void close() {
    execute("drop database if exists " + name + " with (force)");
  }

  private static void execute(String sql) {
    try (Connection connection =
            DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + HOST + " refused: " + sql, e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

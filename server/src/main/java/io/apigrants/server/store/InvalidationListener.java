package io.apigrants.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives other replicas' invalidations through PostgreSQL {@code LISTEN} on a dedicated
 * connection (not from the pool: a pooled connection would be handed to others).
 *
 * <p>When the connection drops, notices sent meanwhile are lost, so after every (re)connect it
 * delivers {@link Invalidation#all()} before listening again: a replica that may have missed
 * something forgets everything rather than answer from stale state. While it cannot connect it
 * flushes nothing: cached answers then live out their TTL, which is what the product promises
 * during a database outage. Reconnects back off from 100 ms to 5 s.
 */
final class InvalidationListener implements AutoCloseable {
  /** The {@code application_name} of the listening connection in {@code pg_stat_activity}. */
  static final String APPLICATION_NAME = "apigrants-invalidation-listener";

  private static final Logger log = LoggerFactory.getLogger(InvalidationListener.class);
  private static final int POLL_MILLIS = 250;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final ConnectionFactory connections;
  private final Invalidations invalidations;
  private final Thread thread;
  private final AtomicLong connects = new AtomicLong();
  private volatile boolean running = true;
  private volatile Connection current;

  /** Opens a new connection outside the pool. */
  interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  InvalidationListener(ConnectionFactory connections, Invalidations invalidations) {
    this.connections = connections;
    this.invalidations = invalidations;
    this.thread = new Thread(this::run, "apigrants-invalidation-listener");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** How many times the listener has connected; tests watch it to see a reconnect. */
  long connects() {
    return connects.get();
  }

  private void run() {
    long backoffMillis = 100;
    while (running) {
      try (Connection connection = connections.open()) {
        current = connection;
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + Invalidations.CHANNEL);
        }
        if (connects.incrementAndGet() > 1) {
          log.info("invalidation listener reconnected; flushing cached answers");
        }
        invalidations.deliver(Invalidation.all());
        backoffMillis = 100;
        listen(connection.unwrap(PGConnection.class));
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("invalidation listener lost its connection ({}); retrying in {} ms",
            e.getMessage(), backoffMillis);
        sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
      } finally {
        current = null;
      }
    }
  }

  private void listen(PGConnection connection) throws SQLException {
    while (running) {
      PGNotification[] notifications = connection.getNotifications(POLL_MILLIS);
      if (notifications == null) {
        continue;
      }
      for (PGNotification notification : notifications) {
        invalidations.receive(notification.getParameter());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    Connection connection = current;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the listener connection: {}", e.getMessage());
      }
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

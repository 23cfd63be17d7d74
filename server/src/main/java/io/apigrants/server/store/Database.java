package io.apigrants.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.apigrants.server.config.ConfigException;
import io.apigrants.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.api.ErrorCode;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultTransactionListenerProvider;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the schema migrations and the jOOQ context, for PostgreSQL or the
 * embedded H2 default.
 *
 * <p>Both run the same Flyway scripts and the same jOOQ code; H2 runs in PostgreSQL mode.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final Kind kind;
  private final Invalidations invalidations = new Invalidations();
  private final InvalidationListener listener;

  /** Which engine is behind the pool; PostgreSQL-only features degrade on H2. */
  public enum Kind {
    POSTGRESQL,
    H2
  }

  private Database(HikariDataSource dataSource, Kind kind) {
    this.dataSource = dataSource;
    this.kind = kind;
    // Execute logging off: jOOQ's DEBUG SQL log inlines bind values, which include hashes.
    Settings settings = new Settings()
        .withExecuteLogging(false)
        .withRenderSchema(false);
    this.dsl = DSL.using(new DefaultConfiguration()
        .set(dataSource)
        .set(kind == Kind.POSTGRESQL ? SQLDialect.POSTGRES : SQLDialect.H2)
        .set(settings)
        .set(new DefaultTransactionListenerProvider(invalidations)));
    if (kind == Kind.POSTGRESQL) {
      invalidations.notifyOtherReplicas(true);
      listener = new InvalidationListener(() -> DriverManager.getConnection(
          dataSource.getJdbcUrl(), listenerProperties(dataSource)), invalidations);
      listener.start();
    } else {
      listener = null;
    }
  }

  /** Opens the pool the config names and migrates the schema to the latest version. */
  public static Database open(ServerConfig config) {
    HikariConfig hikari = new HikariConfig();
    Kind kind;
    if (config.isEmbedded()) {
      refuseIfInUse(config.dataDir());
      kind = Kind.H2;
      hikari.setJdbcUrl(embeddedUrl(config.dataDir()));
      hikari.setUsername("sa");
      hikari.setPassword("");
    } else {
      kind = Kind.POSTGRESQL;
      hikari.setJdbcUrl(config.dbUrl().orElseThrow());
      config.dbUser().ifPresent(hikari::setUsername);
      config.dbPassword().ifPresent(hikari::setPassword);
    }
    hikari.setPoolName("apigrants");
    hikari.setMaximumPoolSize(10);
    hikari.setConnectionTimeout(5_000);
    // Fail at start with a clear message rather than at the first request.
    hikari.setInitializationFailTimeout(10_000);

    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      MigrateResult result = Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      log.info("database {} at schema version {} ({} migrations applied now)", kind,
          result.targetSchemaVersion == null ? result.initialSchemaVersion
              : result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource, kind);
  }

  /**
   * Fails with one clear line when another process holds the embedded database: H2 locks its
   * file, and the pool would otherwise retry for its whole start timeout, then throw a long
   * "file is locked" trace. Servers in one JVM share the open database, as H2 allows.
   */
  private static void refuseIfInUse(Path dataDir) {
    try (Connection probe = DriverManager.getConnection(embeddedUrl(dataDir), "sa", "")) {
      log.debug("embedded database in {} is free", dataDir);
    } catch (SQLException e) {
      if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        throw new ConfigException("the embedded database in " + dataDir.toAbsolutePath()
            + " is in use by another server; stop it or set another APIGRANTS_DATA_DIR", e);
      }
      // Any other failure surfaces from the pool below, with its own message.
    }
  }

  /** The pool's credentials, and a name by which operators (and tests) can find the listener. */
  private static Properties listenerProperties(HikariDataSource dataSource) {
    Properties properties = new Properties();
    if (dataSource.getUsername() != null) {
      properties.setProperty("user", dataSource.getUsername());
    }
    if (dataSource.getPassword() != null) {
      properties.setProperty("password", dataSource.getPassword());
    }
    properties.setProperty("ApplicationName", InvalidationListener.APPLICATION_NAME);
    return properties;
  }

  /** JDBC URL of the embedded H2 database inside {@code dataDir}. */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("apigrants")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  public DSLContext dsl() {
    return dsl;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Kind kind() {
    return kind;
  }

  /** Where changes publish cache invalidations and caches subscribe to them. */
  public Invalidations invalidations() {
    return invalidations;
  }

  /** Times the PostgreSQL invalidation listener has connected (0 on H2). */
  public long listenerConnects() {
    return listener == null ? 0 : listener.connects();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
    dataSource.close();
  }
}

package io.apigrants.server.testing;

import io.apigrants.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh store for tests below the RPC layer: a new PostgreSQL database or a new H2 folder.
 * Several {@link Database} instances may open it, as replicas share one PostgreSQL.
 */
public final class TestStore implements AutoCloseable {
  private final Path dir;
  private final TestDatabase postgres;

  public TestStore(TestServer.Store store) {
    try {
      dir = Files.createTempDirectory("apigrants-store-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    postgres = store == TestServer.Store.POSTGRESQL ? TestDatabase.create() : null;
  }

  /** Opens (and migrates) the store; the caller closes it. */
  public Database open() {
    return Database.open(TestServer.config(dir, postgres, new TestTokens()));
  }

  @Override
  public void close() {
    if (postgres != null) {
      postgres.close();
    }
  }
}

package io.apigrants.client.testing;

import io.apigrants.server.ApiGrantsServer;
import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.config.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A server started the way a person starts one on the embedded default: from the server's own
 * command-line options, with nothing but a free port and a data folder given. It creates its H2
 * database, development signing key and pepper in that folder, and trusts only that key.
 */
public final class EmbeddedServer implements AutoCloseable {
  private final ApiGrantsServer server;

  private EmbeddedServer(ApiGrantsServer server) {
    this.server = server;
  }

  public static EmbeddedServer start(Path dataDir) {
    ServerConfig config = ServerOptions.parse(System.getenv(), "--port", "0", "--data-dir",
        dataDir.toString()).toConfig();
    if (!config.isEmbedded()) {
      throw new IllegalStateException("APIGRANTS_DB_URL is set in this environment; the"
          + " embedded-default tests need it unset");
    }
    try {
      return new EmbeddedServer(ApiGrantsServer.start(config, Clock.systemUTC()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String target() {
    return "localhost:" + server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}

package io.apigrants.server.rpc;

import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real server per store, started on first use and shared by the tests of one class (each
 * test works in an organisation of its own), so a parameterised class pays each start once.
 * Registered as an extension ({@code @RegisterExtension static final}), it stops the servers
 * after the class's last test.
 */
final class StoreServers implements AutoCloseable, AfterAllCallback {
  private final MutableClock clock = MutableClock.startingNow();
  private final Map<TestServer.Store, TestServer> servers = new EnumMap<>(TestServer.Store.class);

  synchronized TestServer get(TestServer.Store store) {
    return servers.computeIfAbsent(store, kind -> TestServer.start(kind, clock));
  }

  /** A new organisation with its directory seeded, on the server of {@code store}. */
  AdminFixture seeded(TestServer.Store store) {
    return AdminFixture.seeded(get(store), clock);
  }

  /** The clock every server of this set runs on. */
  MutableClock clock() {
    return clock;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(TestServer::close);
    servers.clear();
  }
}

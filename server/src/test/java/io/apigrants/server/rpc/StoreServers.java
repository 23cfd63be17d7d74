package io.apigrants.server.rpc;

import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import java.util.EnumMap;
import java.util.Map;

/**
 * One real server per store, started on first use and shared by the tests of one class (each
 * test works in an organisation of its own), so a parameterised class pays each start once.
 */
final class StoreServers implements AutoCloseable {
  private final MutableClock clock = MutableClock.startingNow();
  private final Map<TestServer.Store, TestServer> servers = new EnumMap<>(TestServer.Store.class);

  synchronized TestServer get(TestServer.Store store) {
    return servers.computeIfAbsent(store, kind -> TestServer.start(kind, clock));
  }

  /** The clock every server of this set runs on. */
  MutableClock clock() {
    return clock;
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(TestServer::close);
    servers.clear();
  }
}

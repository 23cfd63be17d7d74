package io.apigrants.server.testing;

import io.apigrants.server.ApiGrantsServer;
import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.identity.Roles;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.UserSecurityGrpc;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real server on a free loopback port, over a fresh PostgreSQL database or a fresh embedded H2
 * folder, trusting a {@link TestTokens} identity provider. Closing it stops the server and drops
 * the database.
 */
public final class TestServer implements AutoCloseable {
  private final TestTokens tokens;
  private final Path dir;
  private final TestDatabase database;
  private final ApiGrantsServer server;
  private final ManagedChannel channel;

  private TestServer(TestTokens tokens, Path dir, TestDatabase database, ApiGrantsServer server) {
    this.tokens = tokens;
    this.dir = dir;
    this.database = database;
    this.server = server;
    this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
        InsecureChannelCredentials.create()).build();
  }

  /** A server over a new PostgreSQL database, on the system clock. */
  public static TestServer postgres() {
    return postgres(Clock.systemUTC());
  }

  public static TestServer postgres(Clock clock) {
    return start(Store.POSTGRESQL, clock);
  }

  /** A server on the embedded H2 default in a new temporary data folder. */
  public static TestServer h2() {
    return h2(Clock.systemUTC());
  }

  public static TestServer h2(Clock clock) {
    return start(Store.H2, clock);
  }

  /** Which store a test runs against; parameterised tests run on both. */
  public enum Store {
    POSTGRESQL,
    H2
  }

  public static TestServer start(Store store, Clock clock) {
    Path dir;
    try {
      dir = Files.createTempDirectory("apigrants-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestDatabase database = store == Store.POSTGRESQL ? TestDatabase.create() : null;
    TestTokens tokens = new TestTokens();
    ServerConfig config = config(dir, database, tokens);
    try {
      return new TestServer(tokens, dir, database, ApiGrantsServer.start(config, clock));
    } catch (IOException | RuntimeException e) {
      if (database != null) {
        database.close();
      }
      throw new IllegalStateException("test server did not start", e);
    }
  }

  /** The config a test server runs with; tests of configuration start from it. */
  public static ServerConfig config(Path dir, TestDatabase database, TestTokens tokens) {
    Path pepper = dir.resolve("pepper");
    try {
      Files.writeString(pepper, "test1:" + java.util.Base64.getEncoder().encodeToString(
          "a-test-pepper-of-at-least-32-bytes-long".getBytes()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ServerConfig(
        0,
        database == null ? Optional.empty() : Optional.of(database.jdbcUrl()),
        database == null ? Optional.empty() : Optional.of(database.user()),
        Optional.empty(),
        dir.resolve("data"),
        Optional.of(tokens.writeJwks(dir.resolve("jwks.json"))),
        TestTokens.ISSUER,
        TestTokens.AUDIENCE,
        Optional.of(pepper),
        ServerConfig.DEFAULT_SECRET_PREFIX,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(5));
  }

  public TestTokens tokens() {
    return tokens;
  }

  public ApiGrantsServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  /** The server's data folder (where the embedded H2 database lives). */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** Null when the server runs on H2. */
  public TestDatabase database() {
    return database;
  }

  public ManagedChannel channel() {
    return channel;
  }

  /** Call credentials carrying a bearer token. */
  public static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier apply) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
            "Bearer " + token);
        apply.apply(headers);
      }
    };
  }

  /** GrantAdmin as an Org Security Admin of {@code org}. */
  public GrantAdminGrpc.GrantAdminBlockingStub admin(String org, String username) {
    return GrantAdminGrpc.newBlockingStub(channel)
        .withCallCredentials(bearer(tokens.mint(username, org, Roles.ORG_SECURITY_ADMIN)))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** UserSecurity as the plain user {@code username} of {@code org}. */
  public UserSecurityGrpc.UserSecurityBlockingStub user(String org, String username) {
    return UserSecurityGrpc.newBlockingStub(channel)
        .withCallCredentials(bearer(tokens.mint(username, org)))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** TokenVerification as an internal service of {@code org}. */
  public TokenVerificationGrpc.TokenVerificationBlockingStub verifier(String org) {
    return TokenVerificationGrpc.newBlockingStub(channel)
        .withCallCredentials(bearer(tokens.mint("svc-gateway", org, Roles.TOKEN_VERIFIER)))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
    if (database != null) {
      database.close();
    }
    deleteRecursively(dir);
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is harmless; the database is what must not leak.
    }
  }
}

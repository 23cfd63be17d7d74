package io.apigrants.server.testing;

import io.apigrants.server.ApiGrantsServer;
import io.apigrants.server.config.AccessTokenSettings;
import io.apigrants.server.config.EventSettings;
import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.config.VerifyCacheSettings;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.secret.Pepper;
import io.apigrants.v1.GrantAdminGrpc;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.UserSecurityGrpc;
import io.apigrants.v1.VerifySecretRequest;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real server on a free loopback port, over a fresh PostgreSQL database or a fresh embedded H2
 * folder, trusting a {@link TestTokens} identity provider. Closing it stops the server and drops
 * the database.
 */
public final class TestServer implements AutoCloseable {
  /** The pepper every test server hashes secrets with (benchmarks hash their data set with it). */
  public static final Pepper PEPPER = new Pepper("test1",
      "a-test-pepper-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8));

  private final TestTokens tokens;
  private final Path dir;
  private final TestDatabase database;
  private final ServerConfig config;
  private final Clock clock;
  private final ApiGrantsServer server;
  private final ManagedChannel channel;
  private final boolean ownsStorage;

  private TestServer(TestTokens tokens, Path dir, TestDatabase database, ServerConfig config,
      Clock clock, boolean ownsStorage) throws IOException {
    this.tokens = tokens;
    this.dir = dir;
    this.database = database;
    this.config = config;
    this.clock = clock;
    this.ownsStorage = ownsStorage;
    this.server = ApiGrantsServer.start(config, clock);
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
    return start(store, clock, TestDatabase::jdbcUrl, UnaryOperator.identity());
  }

  /** A server whose settings differ from the usual ones by {@code change}. */
  public static TestServer start(Store store, Clock clock, UnaryOperator<ServerConfig> change) {
    return start(store, clock, TestDatabase::jdbcUrl, change);
  }

  /**
   * A server over a new PostgreSQL database that it reaches at {@code jdbcUrl} (say, through a
   * {@link TcpProxy} the test can cut).
   */
  public static TestServer postgresVia(Function<TestDatabase, String> jdbcUrl) {
    return start(Store.POSTGRESQL, Clock.systemUTC(), jdbcUrl, UnaryOperator.identity());
  }

  private static TestServer start(Store store, Clock clock,
      Function<TestDatabase, String> jdbcUrl, UnaryOperator<ServerConfig> change) {
    Path dir;
    try {
      dir = Files.createTempDirectory("apigrants-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestDatabase database = store == Store.POSTGRESQL ? TestDatabase.create() : null;
    TestTokens tokens = new TestTokens();
    ServerConfig config = change.apply(config(dir, database, tokens, jdbcUrl));
    try {
      return new TestServer(tokens, dir, database, config, clock, true);
    } catch (IOException | RuntimeException e) {
      if (database != null) {
        database.close();
      }
      throw new IllegalStateException("test server did not start", e);
    }
  }

  /** The config a test server runs with; tests of configuration start from it. */
  public static ServerConfig config(Path dir, TestDatabase database, TestTokens tokens) {
    return config(dir, database, tokens, TestDatabase::jdbcUrl);
  }

  private static ServerConfig config(Path dir, TestDatabase database, TestTokens tokens,
      Function<TestDatabase, String> jdbcUrl) {
    Path pepper = dir.resolve("pepper");
    try {
      Files.writeString(pepper, PEPPER.keyId() + ":"
          + java.util.Base64.getEncoder().encodeToString(PEPPER.key()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ServerConfig(
        0,
        database == null ? Optional.empty() : Optional.of(jdbcUrl.apply(database)),
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
        Duration.ofSeconds(5),
        AccessTokenSettings.defaults(),
        EventSettings.defaults(),
        VerifyCacheSettings.defaults());
  }

  /**
   * Another replica: a second server with this one's settings on the same PostgreSQL database,
   * trusting the same tokens. Closing it leaves the database to this server.
   */
  public TestServer replica() {
    return replicaWith(UnaryOperator.identity());
  }

  /** A replica whose settings differ by {@code change} (say, its verification cache off). */
  public TestServer replicaWith(UnaryOperator<ServerConfig> change) {
    try {
      return new TestServer(tokens, dir, database, change.apply(config), clock, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** {@code username} regenerates the grant's secret with no grace period; returns the secret. */
  public String regenerateSecret(String org, String username, UUID grantId) {
    return user(org, username).regenerateSecret(RegenerateSecretRequest.newBuilder()
        .setName(GrantNames.format(grantId))
        .build()).getSecret();
  }

  /** A verifier of {@code org} checks {@code secret} presented from 10.0.0.1, no scope needed. */
  public VerifySecretResponse verifySecret(String org, String secret) {
    return verifier(org).verifySecret(VerifySecretRequest.newBuilder()
        .setSecret(secret)
        .setClientIp("10.0.0.1")
        .build());
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
    if (!ownsStorage) {
      return;
    }
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

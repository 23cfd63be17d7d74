package io.apigrants.server;

import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.event.EventRetention;
import io.apigrants.server.event.ExpiryNotices;
import io.apigrants.server.grant.ScopeCatalog;
import io.apigrants.server.identity.AuthInterceptor;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.identity.TokenAuthenticator;
import io.apigrants.server.identity.TrustedKeys;
import io.apigrants.server.rpc.AccessTokenCalls;
import io.apigrants.server.rpc.CallExecutors;
import io.apigrants.server.rpc.RequestBodies;
import io.apigrants.server.rpc.GrantAdminService;
import io.apigrants.server.rpc.GrantEventStreams;
import io.apigrants.server.rpc.PageTokens;
import io.apigrants.server.rpc.TokenVerificationService;
import io.apigrants.server.rpc.UserSecurityService;
import io.apigrants.server.rpc.WorkerPool;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.AuditTrail;
import io.apigrants.server.store.Database;
import io.apigrants.server.store.DirectoryStore;
import io.apigrants.server.store.GrantEventStore;
import io.apigrants.server.store.GrantStateCache;
import io.apigrants.server.store.GrantStateStore;
import io.apigrants.server.store.GrantStore;
import io.apigrants.server.store.LeakReportStore;
import io.apigrants.server.store.PolicyStore;
import io.apigrants.server.store.SecretStore;
import io.apigrants.server.store.SigningKeyStore;
import io.apigrants.server.store.UserGrantStore;
import io.apigrants.server.token.AccessTokenVerifier;
import io.apigrants.server.token.AccessTokens;
import io.apigrants.server.token.ClientCredentials;
import io.apigrants.server.token.SigningKeys;
import io.apigrants.server.verify.LastUseRecorder;
import io.apigrants.server.verify.LeakReports;
import io.apigrants.server.verify.SecretCredentials;
import io.apigrants.server.verify.SecretVerifier;
import io.apigrants.server.verify.VerificationCache;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API Grants server: the database, the three services, health and reflection on one Netty
 * port.
 *
 * <p>{@link #start} opens and migrates the database before listening, so a server that answers
 * SERVING can serve. {@link #close} stops accepting calls, lets in-flight ones finish within the
 * configured grace, then closes the pool.
 */
public final class ApiGrantsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiGrantsServer.class);
  private static final long EVENT_POLL_MILLIS = 200;
  private static final long MAINTENANCE_SECONDS = 60;
  private static final long GRANT_STATES_CACHED = 100_000;
  private static final Duration GRANT_STATE_TTL = Duration.ofSeconds(30);

  private final ServerConfig config;
  private final Database database;
  private final Server server;
  private final HealthStatusManager health;
  private final WorkerPool workers;
  private final LastUseRecorder lastUse;
  private final VerificationCache cache;
  private final Lifecycle lifecycle;
  private final ScheduledExecutorService maintenance;

  private ApiGrantsServer(ServerConfig config, Database database, Server server,
      HealthStatusManager health, WorkerPool workers, LastUseRecorder lastUse,
      VerificationCache cache, Lifecycle lifecycle, ScheduledExecutorService maintenance) {
    this.config = config;
    this.database = database;
    this.server = server;
    this.health = health;
    this.workers = workers;
    this.lastUse = lastUse;
    this.cache = cache;
    this.lifecycle = lifecycle;
    this.maintenance = maintenance;
  }

  /**
   * Access-token signing keys, lifecycle event streams and the periodic tasks behind them.
   * Tests drive the tasks' {@code runOnce} methods with a controlled clock.
   */
  public record Lifecycle(
      SigningKeys signingKeys,
      GrantEventStreams eventStreams,
      ExpiryNotices expiryNotices,
      EventRetention eventRetention) {}

  /** Opens the database, builds the services and starts listening. */
  public static ApiGrantsServer start(ServerConfig config, Clock clock) throws IOException {
    if (config.isEmbedded()) {
      List<String> parts = developmentParts(config);
      log.warn("development mode: {} under {}; not for production",
          parts.size() == 1 ? parts.get(0) : String.join(", ", parts.subList(0, parts.size() - 1))
              + " and " + parts.get(parts.size() - 1),
          config.dataDir().toAbsolutePath());
    }
    TokenAuthenticator authenticator = new TokenAuthenticator(
        TrustedKeys.load(config), config.issuer(), config.audience());
    PepperRing peppers = PepperRing.load(config);
    ScopeCatalog catalog = ScopeCatalog.load(config.scopesFile());
    Database database = Database.open(config);
    SecretStore secrets = new SecretStore(database, clock);
    LastUseRecorder lastUse =
        new LastUseRecorder(secrets, clock, LastUseRecorder.DEFAULT_FLUSH_INTERVAL);
    ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "apigrants-maintenance");
      thread.setDaemon(true);
      return thread;
    });
    try {
      HealthStatusManager health = new HealthStatusManager();
      WorkerPool workers = WorkerPool.sizedForThisMachine();
      SecretFormat format = new SecretFormat(config.secretPrefix());
      SecretHasher hasher = new SecretHasher(peppers);
      VerificationCache cache = new VerificationCache(config.verifyCache());
      database.invalidations().subscribe(cache::invalidate);
      SecretVerifier secretVerifier =
          new SecretVerifier(format, hasher, secrets, cache, lastUse, clock);

      SigningKeys signingKeys = new SigningKeys(
          new SigningKeyStore(database), peppers, config.accessTokens(), clock);
      signingKeys.refresh();
      AccessTokens accessTokens = new AccessTokens(signingKeys, config.accessTokens(), clock);
      AccessTokenCalls accessTokenCalls = new AccessTokenCalls(
          new ClientCredentials(new SecretCredentials(secretVerifier), accessTokens),
          new AccessTokenVerifier(accessTokens, new GrantStateCache(new GrantStateStore(database),
              database.invalidations(), GRANT_STATES_CACHED, GRANT_STATE_TTL), clock),
          signingKeys);
      GrantEventStore events = new GrantEventStore(database);
      Lifecycle lifecycle = new Lifecycle(
          signingKeys,
          new GrantEventStreams(events, workers, clock, config.events().stallTimeout()),
          new ExpiryNotices(events, config.events().expiringLead(), clock),
          new EventRetention(events, config.events().retention(), clock));

      LeakReports leakReports =
          new LeakReports(format, hasher, new LeakReportStore(database, clock));
      TokenVerificationService verification = new TokenVerificationService(secretVerifier,
          leakReports, accessTokenCalls, lifecycle.eventStreams(), workers);
      List<ServerServiceDefinition> services = List.of(
          authenticated(RequestBodies.strict(grantAdmin(database, clock, catalog, peppers)
              .bindService()), authenticator, Roles.ORG_SECURITY_ADMIN),
          authenticated(RequestBodies.strict(new UserSecurityService(new UserGrantStore(database),
              secrets, format, hasher).bindService()), authenticator, null),
          authenticated(verification.bind(), authenticator, Roles.TOKEN_VERIFIER));

      // Calls start on the transport thread; CallExecutors moves all but the non-blocking ones.
      var builder = Grpc.newServerBuilderForPort(config.port(), credentials(config))
          .directExecutor()
          .callExecutor(new CallExecutors(authenticator, workers))
          .addService(health.getHealthService())
          .addService(ProtoReflectionServiceV1.newInstance());
      services.forEach(builder::addService);
      Server server = builder.build().start();
      lastUse.start();

      for (ServerServiceDefinition service : services) {
        health.setStatus(service.getServiceDescriptor().getName(), ServingStatus.SERVING);
      }
      health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
      log.info("listening on port {} ({}, database {})", server.getPort(),
          config.usesTls() ? (config.tlsClientCa().isPresent() ? "mutual TLS" : "TLS")
              : "plaintext",
          database.kind());
      log.info("calls run on the {}; verification cache {}", CallExecutors.describe(workers),
          config.verifyCache());
      schedule(lifecycle, maintenance);
      return new ApiGrantsServer(
          config, database, server, health, workers, lastUse, cache, lifecycle, maintenance);
    } catch (IOException | RuntimeException e) {
      maintenance.shutdownNow();
      lastUse.close();
      database.close();
      throw e;
    }
  }

  /** What the embedded default keeps in its data folder instead of a production setup. */
  private static List<String> developmentParts(ServerConfig config) {
    List<String> parts = new ArrayList<>(List.of("an embedded H2 database"));
    if (TrustedKeys.usesDevelopmentKey(config)) {
      parts.add("a development signing key");
    }
    if (PepperRing.usesDevelopmentPepper(config)) {
      parts.add("a development pepper");
    }
    return parts;
  }

  private static GrantAdminService grantAdmin(Database database, Clock clock,
      ScopeCatalog catalog, PepperRing peppers) {
    return new GrantAdminService(
        new GrantStore(database, clock),
        new DirectoryStore(database, clock),
        new PolicyStore(database, clock),
        new AuditTrail(database),
        catalog,
        new PageTokens(peppers),
        clock);
  }

  private static void schedule(Lifecycle lifecycle, ScheduledExecutorService scheduler) {
    scheduler.scheduleWithFixedDelay(
        () -> quietly("event poll", lifecycle.eventStreams()::tick, true),
        EVENT_POLL_MILLIS, EVENT_POLL_MILLIS, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(() -> {
      quietly("signing key rotation", lifecycle.signingKeys()::refresh, false);
      quietly("expiry notices", lifecycle.expiryNotices()::runOnce, false);
      quietly("event retention", lifecycle.eventRetention()::runOnce, false);
    }, MAINTENANCE_SECONDS, MAINTENANCE_SECONDS, TimeUnit.SECONDS);
  }

  /** Runs a periodic task; a failure (the database away, say) waits for the next run. */
  private static void quietly(String name, Runnable task, boolean frequent) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // The 200 ms poll would flood the log while the database is down; the minute tasks say it.
      if (frequent) {
        log.debug("{} failed: {}", name, e.toString());
      } else {
        log.warn("{} failed: {}", name, e.toString());
      }
    }
  }

  private static ServerServiceDefinition authenticated(ServerServiceDefinition service,
      TokenAuthenticator authenticator, String requiredRole) {
    return ServerInterceptors.intercept(service,
        new AuthInterceptor(authenticator, Optional.ofNullable(requiredRole)));
  }

  private static ServerCredentials credentials(ServerConfig config) throws IOException {
    if (!config.usesTls()) {
      return InsecureServerCredentials.create();
    }
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
        .keyManager(config.tlsCert().orElseThrow().toFile(), config.tlsKey().orElseThrow().toFile());
    if (config.tlsClientCa().isPresent()) {
      tls.trustManager(config.tlsClientCa().get().toFile())
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return tls.build();
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.getPort();
  }

  public Database database() {
    return database;
  }

  /** How calls are scheduled: which run on the transport thread, which on workers. */
  public String executorSetup() {
    return CallExecutors.describe(workers);
  }

  /** Live secrets the verification cache holds now (an estimate). */
  public long cachedSecrets() {
    return cache.size();
  }

  /**
   * Writes the pending last-used times now instead of at the next periodic flush; returns how
   * many grants it wrote.
   */
  public int flushLastUse() {
    return lastUse.flush();
  }

  /** Signing keys, event streams and the periodic lifecycle tasks. */
  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops accepting calls, waits up to the shutdown grace for in-flight calls, cancels what is
   * left, writes the pending last-used times, then closes the database pool.
   */
  @Override
  public void close() {
    if (server.isTerminated()) {
      return;
    }
    health.enterTerminalState();
    maintenance.shutdownNow();
    // Event streams never end by themselves: end them so shutdown need not wait out the grace.
    lifecycle.eventStreams().closeAll();
    server.shutdown();
    try {
      if (!server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("calls still running after {}; cancelling them", config.shutdownGrace());
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      workers.close();
      lastUse.close();
      database.close();
      log.info("stopped");
    }
  }
}

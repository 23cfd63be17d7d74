package io.apigrants.server;

import io.apigrants.server.config.ServerConfig;
import io.apigrants.server.identity.AuthInterceptor;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.identity.TokenAuthenticator;
import io.apigrants.server.identity.TrustedKeys;
import io.apigrants.server.rpc.GrantAdminService;
import io.apigrants.server.rpc.TokenVerificationService;
import io.apigrants.server.rpc.UserSecurityService;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.Database;
import io.apigrants.server.store.SecretStore;
import io.apigrants.server.store.UserGrantStore;
import io.apigrants.server.verify.LastUseRecorder;
import io.apigrants.server.verify.LeakReports;
import io.apigrants.server.verify.SecretVerifier;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  private static final int WORKER_QUEUE = 10_000;

  private final ServerConfig config;
  private final Database database;
  private final Server server;
  private final HealthStatusManager health;
  private final ThreadPoolExecutor workers;
  private final LastUseRecorder lastUse;

  private ApiGrantsServer(ServerConfig config, Database database, Server server,
      HealthStatusManager health, ThreadPoolExecutor workers, LastUseRecorder lastUse) {
    this.config = config;
    this.database = database;
    this.server = server;
    this.health = health;
    this.workers = workers;
    this.lastUse = lastUse;
  }

  /** Opens the database, builds the services and starts listening. */
  public static ApiGrantsServer start(ServerConfig config, Clock clock) throws IOException {
    TokenAuthenticator authenticator = new TokenAuthenticator(
        TrustedKeys.load(config), config.issuer(), config.audience());
    PepperRing peppers = PepperRing.load(config);
    Database database = Database.open(config);
    SecretStore secrets = new SecretStore(database, clock);
    LastUseRecorder lastUse = new LastUseRecorder(secrets);
    try {
      HealthStatusManager health = new HealthStatusManager();
      ThreadPoolExecutor workers = newWorkerPool();
      SecretFormat format = new SecretFormat(config.secretPrefix());
      SecretHasher hasher = new SecretHasher(peppers);
      TokenVerificationService verification = new TokenVerificationService(
          new SecretVerifier(format, hasher, secrets, lastUse, clock),
          new LeakReports(format, hasher, secrets));
      List<ServerServiceDefinition> services = List.of(
          authenticated(new GrantAdminService().bindService(), authenticator,
              Roles.ORG_SECURITY_ADMIN),
          authenticated(new UserSecurityService(new UserGrantStore(database), secrets, format,
              hasher).bindService(), authenticator, null),
          authenticated(verification.bind(), authenticator, Roles.TOKEN_VERIFIER));

      var builder = Grpc.newServerBuilderForPort(config.port(), credentials(config))
          .executor(workers)
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
      return new ApiGrantsServer(config, database, server, health, workers, lastUse);
    } catch (IOException | RuntimeException e) {
      lastUse.close();
      database.close();
      throw e;
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

  private static ThreadPoolExecutor newWorkerPool() {
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(WORKER_QUEUE), task -> {
          Thread thread = new Thread(task, "apigrants-worker-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.getPort();
  }

  public Database database() {
    return database;
  }

  /**
   * Writes the pending last-used times now instead of at the next periodic flush; returns how
   * many grants it wrote.
   */
  public int flushLastUse() {
    return lastUse.flush();
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
      workers.shutdownNow();
      lastUse.close();
      database.close();
      log.info("stopped");
    }
  }
}

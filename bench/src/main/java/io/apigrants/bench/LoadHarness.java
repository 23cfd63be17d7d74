package io.apigrants.bench;

import com.google.common.util.concurrent.ListenableFuture;
import io.apigrants.server.config.VerifyCacheSettings;
import io.apigrants.server.identity.Roles;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.TokenVerificationGrpc;
import io.apigrants.v1.TokenVerificationGrpc.TokenVerificationFutureStub;
import io.apigrants.v1.VerifySecretRequest;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The load harness: one process run that creates its own PostgreSQL database, bulk-loads a
 * generated data set, starts the real server on a free port against it, and measures side by
 * side, closed loop at each concurrency: the baseline health {@code Check} (no caller token),
 * {@code VerifySecret} with a real {@code token_verifier} JWT on every call with a warm cache,
 * {@code VerifySecret} where every call misses (a replica on the same database with its cache
 * off), and a bare JDBC primary-key lookup. Then the replica revocation run and the heap with
 * cached grants. Prints a table and the ratios DESIGN.md's targets name.
 *
 * <p>Options ({@code --name=value}): {@code grants} (100000), {@code seconds} measured per
 * scenario (10, in {@code rounds} alternating slices, 5), {@code warmup} seconds per scenario
 * (5), {@code callers} (1,16,64), {@code warm-secrets}
 * (1000), {@code revocations} (100), {@code heap-grants} (100000), {@code scenarios}
 * (health,warm,miss,jdbc: a subset helps profiling one of them).
 */
public final class LoadHarness {
  private static final String CLIENT_IP = "10.0.0.1";

  private LoadHarness() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int grants = Integer.parseInt(options.getOrDefault("grants", "100000"));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
    int[] callers = Arrays.stream(options.getOrDefault("callers", "1,16,64").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int warmSecrets = Integer.parseInt(options.getOrDefault("warm-secrets", "1000"));
    int revocations = Integer.parseInt(options.getOrDefault("revocations", "100"));
    int heapGrants = Integer.parseInt(options.getOrDefault("heap-grants", "100000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
    List<String> scenarios = List.of(options.getOrDefault("scenarios", "health,warm,miss,jdbc")
        .split(","));
    int keep = Math.min(grants, Math.max(heapGrants, warmSecrets + revocations));

    print("API Grants load harness, %s, %d cores, Java %s, max heap %s, load average %.2f",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        HeapMeasurement.megabytes(Runtime.getRuntime().maxMemory()), loadAverage());
    print("options: grants=%d seconds=%d warmup=%d rounds=%d callers=%s warm-secrets=%d"
        + " revocations=%d heap-grants=%d scenarios=%s", grants, measure.toSeconds(),
        warmup.toSeconds(), rounds, Arrays.toString(callers), warmSecrets, revocations,
        heapGrants, scenarios);

    try (TestServer server = TestServer.postgres()) {
      DataSet.Sample sample;
      long loadStart = System.nanoTime();
      try (Connection connection = server.database().connect()) {
        sample = DataSet.load(connection, grants, keep);
      }
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      print("loaded %d grants (+%d users, %d secrets) in %.1f s (%.0f grants/s)", grants,
          Math.max(1, grants / 10), grants, loadSeconds, grants / loadSeconds);
      try (Connection connection = server.database().connect()) {
        QueryPlans.print(connection, sample);
      }
      print("executor set-up: %s", server.server().executorSetup());

      try (TestServer cacheOff = server.replicaWith(
              config -> config.withVerifyCache(VerifyCacheSettings.off()));
          JdbcLookups jdbc = new JdbcLookups(server.database().jdbcUrl(),
              server.database().user(), sample.grantIds(), 10)) {
        print("all-miss VerifySecret: a second server on the same database with its cache off;"
            + " every call reads the database on a worker");
        List<ClosedLoop.Result> results = new ArrayList<>();
        LongFunction<ListenableFuture<?>> health =
            healthCheck(server);
        LongFunction<ListenableFuture<?>> warm =
            verify(server, sample.secrets().subList(0, Math.min(warmSecrets,
                sample.secrets().size())));
        LongFunction<ListenableFuture<?>> miss =
            verify(cacheOff, sample.secrets());
        for (int i = 0; i < Math.min(warmSecrets, sample.secrets().size()); i++) {
          warm.apply(i).get(30, TimeUnit.SECONDS);
        }
        Map<String, LongFunction<ListenableFuture<?>>> calls = Map.of(
            "health", health, "warm", warm, "miss", miss, "jdbc", jdbc::lookup);
        Map<String, String> names = Map.of("health", Report.HEALTH, "warm", Report.WARM,
            "miss", Report.MISS, "jdbc", Report.JDBC);
        for (int concurrency : callers) {
          // Alternating short rounds, so that a burst of load from elsewhere on the machine
          // falls on every scenario alike rather than on whichever ran at that moment.
          Map<String, ClosedLoop.Result> merged = new LinkedHashMap<>();
          for (String scenario : scenarios) {
            ClosedLoop.measure(names.get(scenario), concurrency, warmup, calls.get(scenario));
          }
          for (int round = 0; round < rounds; round++) {
            for (String scenario : scenarios) {
              ClosedLoop.Result result = ClosedLoop.measure(names.get(scenario), concurrency,
                  measure.dividedBy(rounds), calls.get(scenario));
              merged.merge(scenario, result, ClosedLoop.Result::plus);
            }
          }
          results.addAll(merged.values());
        }
        Report.print(results);
      }

      if (revocations > 0) {
        try (TestServer replica = server.replica()) {
          RevocationRun.Latencies latencies = RevocationRun.run(server, replica, sample,
              warmSecrets,
              Math.min(revocations, sample.secrets().size() - warmSecrets));
          RevocationRun.describe(latencies).forEach(LoadHarness::print);
        }
      }

      if (heapGrants > 0) {
        measureHeap(server, sample.secrets().subList(0, Math.min(heapGrants,
            sample.secrets().size())));
      }
    }
    print("done; load average %.2f (other processes on this machine skew every figure)",
        loadAverage());
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Fills the cache of a fresh replica with {@code secrets} (TTL long enough to hold them all while
   * they load) and reports the heap in use after GC, before and after.
   */
  private static void measureHeap(TestServer server, List<String> secrets) throws Exception {
    VerifyCacheSettings holdAll = new VerifyCacheSettings(secrets.size(), Duration.ofMinutes(5),
        Duration.ofSeconds(5));
    try (TestServer replica = server.replicaWith(config -> config.withVerifyCache(holdAll))) {
      long before = HeapMeasurement.usedAfterGc();
      ClosedLoop.measure("fill cache", 64, Duration.ofMinutes(10),
          verifyEach(replica, secrets));
      replica.server().flushLastUse();
      long after = HeapMeasurement.usedAfterGc();
      long cached = replica.server().cachedSecrets();
      print("heap: %s in use after GC with %d grants cached (%s before filling); the cache's"
          + " share is about %s, %d bytes a grant", HeapMeasurement.megabytes(after), cached,
          HeapMeasurement.megabytes(before), HeapMeasurement.megabytes(after - before),
          cached > 0 ? (after - before) / cached : 0);
    }
  }

  /** Health Check on {@code server}: no caller token. */
  private static LongFunction<ListenableFuture<?>>
      healthCheck(TestServer server) {
    HealthGrpc.HealthFutureStub stub = HealthGrpc.newFutureStub(server.channel());
    HealthCheckRequest request = HealthCheckRequest.getDefaultInstance();
    return n -> stub.check(request);
  }

  /** VerifySecret on {@code server} with a token_verifier JWT, cycling through {@code secrets}. */
  private static LongFunction<ListenableFuture<?>> verify(
      TestServer server, List<String> secrets) {
    TokenVerificationFutureStub stub = verifierStub(server);
    List<VerifySecretRequest> requests = secrets.stream()
        .map(secret -> VerifySecretRequest.newBuilder()
            .setSecret(secret)
            .setClientIp(CLIENT_IP)
            .addRequiredScopes("spreadsheets.read")
            .build())
        .toList();
    return n -> stub.verifySecret(requests.get((int) (n % requests.size())));
  }

  /** Like {@link #verify}, but each secret once: callers finish when all are verified. */
  private static LongFunction<ListenableFuture<?>> verifyEach(
      TestServer server, List<String> secrets) {
    LongFunction<ListenableFuture<?>> verify =
        verify(server, secrets);
    return n -> n < secrets.size() ? verify.apply(n) : null;
  }

  private static TokenVerificationFutureStub verifierStub(TestServer server) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + server.tokens().mint("svc-bench", DataSet.ORG, Roles.TOKEN_VERIFIER));
    return TokenVerificationGrpc.newFutureStub(server.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, got " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }

  static void print(String format, Object... values) {
    System.out.println(String.format(format, values));
  }
}

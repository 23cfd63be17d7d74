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
 * off), a bare JDBC primary-key lookup, and the OAuth2 pair: {@code IssueAccessToken} and
 * {@code VerifyAccessToken}. Then the replica revocation run and the heap with cached grants.
 * Prints a table and the ratios DESIGN.md's targets name.
 *
 * <p>Options ({@code --name=value}): {@code grants} (100000), {@code seconds} measured per
 * scenario (10, in {@code rounds} alternating slices, 5), {@code warmup} seconds per scenario
 * (5), {@code callers} (1,16,64), {@code warm-secrets}
 * (1000), {@code revocations} (100), {@code heap-grants} (100000), {@code scenarios}
 * (health,warm,miss,jdbc,issue,verify-token; a subset helps profiling one of them, and
 * {@code health-token}, a
 * health Check carrying the verifications' JWT header, shows what carrying the token costs).
 */
public final class LoadHarness {
  private static final String CLIENT_IP = "10.0.0.1";
  private static final String REQUIRED_SCOPE = "spreadsheets.read";
  private static final String DEFAULT_SCENARIOS = "health,warm,miss,jdbc,issue,verify-token";

  private LoadHarness() {}

  /** The harness's settings, from {@code --name=value} arguments. */
  private record Options(int grants, Duration measure, Duration warmup, int rounds, int[] callers,
      int warmSecrets, int revocations, int heapGrants, List<String> scenarios) {

    static Options parse(String[] args) {
      Map<String, String> values = new HashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--") || !arg.contains("=")) {
          throw new IllegalArgumentException("options are --name=value, got " + arg);
        }
        values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      return new Options(
          Integer.parseInt(values.getOrDefault("grants", "100000")),
          Duration.ofSeconds(Long.parseLong(values.getOrDefault("seconds", "10"))),
          Duration.ofSeconds(Long.parseLong(values.getOrDefault("warmup", "5"))),
          Integer.parseInt(values.getOrDefault("rounds", "5")),
          Arrays.stream(values.getOrDefault("callers", "1,16,64").split(","))
              .mapToInt(Integer::parseInt).toArray(),
          Integer.parseInt(values.getOrDefault("warm-secrets", "1000")),
          Integer.parseInt(values.getOrDefault("revocations", "100")),
          Integer.parseInt(values.getOrDefault("heap-grants", "100000")),
          List.of(values.getOrDefault("scenarios", DEFAULT_SCENARIOS).split(",")));
    }

    /** How many generated secrets the harness keeps in memory. */
    int sampleSize() {
      return Math.min(grants, Math.max(heapGrants, warmSecrets + revocations));
    }

    @Override
    public String toString() {
      return String.format("grants=%d seconds=%d warmup=%d rounds=%d callers=%s warm-secrets=%d"
          + " revocations=%d heap-grants=%d scenarios=%s", grants, measure.toSeconds(),
          warmup.toSeconds(), rounds, Arrays.toString(callers), warmSecrets, revocations,
          heapGrants, scenarios);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    print("API Grants load harness, %s, %d cores, Java %s, max heap %s, load average %.2f",
        LocalDate.now(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        HeapMeasurement.megabytes(Runtime.getRuntime().maxMemory()), loadAverage());
    print("options: %s", options);

    try (TestServer server = TestServer.postgres()) {
      DataSet.Sample sample = load(server, options);
      print("executor set-up: %s", server.server().executorSetup());
      Report.print(measureSideBySide(server, sample, options));

      int revocations = Math.min(options.revocations(),
          sample.secrets().size() - options.warmSecrets());
      if (revocations > 0) {
        try (TestServer replica = server.replica()) {
          RevocationRun.describe(RevocationRun.run(server, replica, sample,
              options.warmSecrets(), revocations)).forEach(LoadHarness::print);
        }
      }

      if (options.heapGrants() > 0) {
        measureHeap(server, firstOf(sample.secrets(), options.heapGrants()));
      }
    }
    print("done; load average %.2f (other processes on this machine skew every figure)",
        loadAverage());
  }

  /** Loads the data set, says how long it took and how PostgreSQL plans the lookups on it. */
  private static DataSet.Sample load(TestServer server, Options options) throws Exception {
    DataSet.Sample sample;
    long start = System.nanoTime();
    try (Connection connection = server.database().connect()) {
      sample = DataSet.load(connection, options.grants(), options.sampleSize());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    print("loaded %d grants (+%d users, %d secrets) in %.1f s (%.0f grants/s)", options.grants(),
        Math.max(1, options.grants() / 10), options.grants(), seconds, options.grants() / seconds);
    try (Connection connection = server.database().connect()) {
      QueryPlans.print(connection, sample);
    }
    return sample;
  }

  /**
   * The closed-loop scenarios at each concurrency, each warmed up, then measured in alternating
   * short rounds, so that a burst of load from elsewhere on the machine falls on every scenario
   * alike rather than on whichever ran at that moment.
   */
  private static List<ClosedLoop.Result> measureSideBySide(TestServer server,
      DataSet.Sample sample, Options options) throws Exception {
    try (TestServer cacheOff = server.replicaWith(
            config -> config.withVerifyCache(VerifyCacheSettings.off()));
        JdbcLookups jdbc = new JdbcLookups(server.database().jdbcUrl(),
            server.database().user(), sample.grantIds(), 10)) {
      print("all-miss VerifySecret: a second server on the same database with its cache off;"
          + " every call reads the database on a worker");
      List<String> warmSecrets = firstOf(sample.secrets(), options.warmSecrets());
      LongFunction<ListenableFuture<?>> warm = verify(server, warmSecrets);
      for (int i = 0; i < warmSecrets.size(); i++) {
        warm.apply(i).get(30, TimeUnit.SECONDS);
      }
      AccessTokenLoad accessTokens = new AccessTokenLoad(verifierStub(server), warmSecrets,
          firstOf(sample.clientIds(), warmSecrets.size()), CLIENT_IP);
      Map<String, LongFunction<ListenableFuture<?>>> calls = Map.of(
          "health", healthCheck(server), "health-token", healthCheckWithToken(server),
          "warm", warm, "miss", verify(cacheOff, sample.secrets()), "jdbc", jdbc::lookup,
          "issue", accessTokens.issue(), "verify-token", accessTokens.verify());
      Map<String, String> names = Map.of("health", Report.HEALTH,
          "health-token", Report.HEALTH_WITH_TOKEN, "warm", Report.WARM, "miss", Report.MISS,
          "jdbc", Report.JDBC, "issue", Report.ISSUE_TOKEN,
          "verify-token", Report.VERIFY_TOKEN);

      List<ClosedLoop.Result> results = new ArrayList<>();
      for (int concurrency : options.callers()) {
        if (options.scenarios().contains("verify-token")) {
          accessTokens.issueTokens(REQUIRED_SCOPE);
        }
        for (String scenario : options.scenarios()) {
          ClosedLoop.measure(names.get(scenario), concurrency, options.warmup(),
              calls.get(scenario));
        }
        Map<String, ClosedLoop.Result> merged = new LinkedHashMap<>();
        for (int round = 0; round < options.rounds(); round++) {
          for (String scenario : options.scenarios()) {
            ClosedLoop.Result result = ClosedLoop.measure(names.get(scenario), concurrency,
                options.measure().dividedBy(options.rounds()), calls.get(scenario));
            merged.merge(scenario, result, ClosedLoop.Result::plus);
          }
        }
        results.addAll(merged.values());
      }
      return results;
    }
  }

  private static <T> List<T> firstOf(List<T> items, int count) {
    return items.subList(0, Math.min(count, items.size()));
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

  /**
   * Health Check carrying the same {@code authorization} header as the verifications (the
   * server ignores it): what carrying a JWT costs the transport, without authenticating it.
   */
  private static LongFunction<ListenableFuture<?>> healthCheckWithToken(TestServer server) {
    HealthGrpc.HealthFutureStub stub = HealthGrpc.newFutureStub(server.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(server)));
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
            .addRequiredScopes(REQUIRED_SCOPE)
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
    return TokenVerificationGrpc.newFutureStub(server.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(server)));
  }

  /** {@code authorization: Bearer} with a fresh token_verifier JWT of the data set's org. */
  private static Metadata bearer(TestServer server) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + server.tokens().mint("svc-bench", DataSet.ORG, Roles.TOKEN_VERIFIER));
    return headers;
  }

  static void print(String format, Object... values) {
    System.out.println(String.format(format, values));
  }
}

package io.apigrants.bench;

import io.apigrants.server.config.VerifyCacheSettings;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.SecretStore;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.verify.LastUseRecorder;
import io.apigrants.server.verify.SecretVerifier;
import io.apigrants.server.verify.Verification;
import io.apigrants.server.verify.VerificationCache;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole verification answered from the cache, in process: request checks, parse and checksum,
 * HMAC, cache lookup, the grant's rules and the last-use note. No gRPC, no caller token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VerifyBenchmark {
  private static final List<String> SCOPES = List.of("spreadsheets.read");

  private SecretScenario scenario;
  private SecretVerifier verifier;
  private String org;
  private String secret;

  @Setup
  public void start() {
    scenario = SecretScenario.start(TestServer.Store.H2);
    org = GrantRows.newOrg();
    UUID grantId = scenario.rows().grant(org, "alice").ipAllowlist("10.0.0.0/8").insert();
    secret = scenario.regenerate(org, "alice", grantId).getSecret();
    SecretStore store = new SecretStore(scenario.server().server().database(), Clock.systemUTC());
    verifier = new SecretVerifier(new SecretFormat("wk_secret:"),
        new SecretHasher(new PepperRing(List.of(TestServer.PEPPER))), store,
        new VerificationCache(VerifyCacheSettings.defaults()),
        new LastUseRecorder(store, Clock.systemUTC(), LastUseRecorder.DEFAULT_FLUSH_INTERVAL),
        Clock.systemUTC());
    if (!verifier.verify(org, secret, "10.1.2.3", SCOPES).isActive()) {
      throw new IllegalStateException("the benchmark's secret does not verify");
    }
  }

  @Benchmark
  public Verification verifyCacheHit() {
    return verifier.verify(org, secret, "10.1.2.3", SCOPES);
  }

  @TearDown
  public void stop() {
    scenario.close();
  }
}

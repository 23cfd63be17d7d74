package io.apigrants.bench;

import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHash;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.testing.TestServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The two per-call costs of a presented secret: format and checksum, then the keyed hash. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SecretBenchmarks {
  private final SecretFormat format = new SecretFormat("wk_secret:");
  private final SecretHasher hasher = new SecretHasher(new PepperRing(List.of(TestServer.PEPPER)));
  private String text;
  private Secret secret;

  @Setup
  public void generate() {
    secret = format.generate();
    text = secret.text();
  }

  /** Length, prefix, base62 alphabet and CRC32 checksum of a well-formed secret. */
  @Benchmark
  public Optional<Secret> parseAndChecksum() {
    return format.parse(text);
  }

  /** HMAC-SHA-256 under the current pepper: the cache key and the stored hash. */
  @Benchmark
  public SecretHash hmac() {
    return hasher.hashForStorage(secret);
  }
}

package io.apigrants.bench;

import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.RegenerateSecretRequest;
import io.apigrants.v1.TokenVerificationGrpc.TokenVerificationBlockingStub;
import io.apigrants.v1.UserSecurityGrpc.UserSecurityBlockingStub;
import io.apigrants.v1.VerifySecretRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * How long a revocation through one replica takes to reach another: for each grant, the second
 * replica verifies (and caches) the secret, the first regenerates it, and the second is polled
 * back to back until it first answers {@code active=false}. Two clocks: from just before the
 * regenerate call (what a user experiences), and from its answer, i.e. from the commit (what
 * the invalidation path adds).
 */
final class RevocationRun {
  private static final Duration GIVE_UP = Duration.ofSeconds(30);

  /** Microseconds from the revoking call, and from its answer, until the other replica agreed. */
  record Latencies(Histogram fromCall, Histogram fromCommit) {}

  private RevocationRun() {}

  /** Revokes {@code count} sampled grants, from {@code offset} on, through {@code first}. */
  static Latencies run(TestServer first, TestServer second, DataSet.Sample sample, int offset,
      int count) {
    Latencies latencies = new Latencies(new Histogram(3), new Histogram(3));
    TokenVerificationBlockingStub verifier = second.verifier(DataSet.ORG);
    Map<String, UserSecurityBlockingStub> users = new HashMap<>();
    for (int i = offset; i < offset + count; i++) {
      UUID grantId = sample.grantIds().get(i);
      UserSecurityBlockingStub user = users.computeIfAbsent(sample.usernames().get(i),
          username -> first.user(DataSet.ORG, username));
      VerifySecretRequest request = VerifySecretRequest.newBuilder()
          .setSecret(sample.secrets().get(i))
          .setClientIp("10.0.0.1")
          .build();
      if (!verifier.verifySecret(request).getActive()) {
        throw new IllegalStateException("a sampled secret did not verify before revocation");
      }

      long start = System.nanoTime();
      user.regenerateSecret(RegenerateSecretRequest.newBuilder()
          .setName(GrantNames.format(grantId))
          .build());
      long committed = System.nanoTime();
      while (verifier.verifySecret(request).getActive()) {
        if (System.nanoTime() - start > GIVE_UP.toNanos()) {
          throw new IllegalStateException("revocation not seen within " + GIVE_UP);
        }
      }
      long seen = System.nanoTime();
      latencies.fromCall().recordValue((seen - start) / 1_000);
      latencies.fromCommit().recordValue((seen - committed) / 1_000);
    }
    return latencies;
  }

  static List<String> describe(Latencies latencies) {
    return List.of(
        describe("revocation seen by the other replica, from the revoking call",
            latencies.fromCall()),
        describe("revocation seen by the other replica, from the commit", latencies.fromCommit()));
  }

  private static String describe(String what, Histogram micros) {
    return String.format("%s (%d revocations): p50 %.1f ms, p99 %.1f ms, max %.1f ms", what,
        micros.getTotalCount(), micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
  }
}

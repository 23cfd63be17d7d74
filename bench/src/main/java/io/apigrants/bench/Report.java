package io.apigrants.bench;

import java.util.List;
import java.util.Optional;

/** Prints the closed-loop results as a table and the ratios that DESIGN.md's targets name. */
final class Report {
  static final String HEALTH = "health Check";
  static final String HEALTH_WITH_TOKEN = "health Check + JWT";
  static final String WARM = "VerifySecret warm";
  static final String MISS = "VerifySecret all-miss";
  static final String JDBC = "JDBC PK lookup";
  static final String ISSUE_TOKEN = "IssueAccessToken";
  static final String VERIFY_TOKEN = "VerifyAccessToken";
  private static final int TARGET_CALLERS = 16;

  private Report() {}

  static void print(List<ClosedLoop.Result> results) {
    LoadHarness.print("%-22s %7s %12s %10s %10s %8s", "scenario", "callers", "calls/s",
        "p50 ms", "p99 ms", "failed");
    for (ClosedLoop.Result result : results) {
      LoadHarness.print("%-22s %7d %12.0f %10.3f %10.3f %8d", result.scenario(),
          result.concurrency(), result.throughput(), result.p50Micros() / 1000,
          result.p99Micros() / 1000, result.failures());
    }
    for (int callers : results.stream().mapToInt(ClosedLoop.Result::concurrency).distinct()
        .toArray()) {
      Optional<ClosedLoop.Result> health = find(results, HEALTH, callers);
      Optional<ClosedLoop.Result> warm = find(results, WARM, callers);
      Optional<ClosedLoop.Result> miss = find(results, MISS, callers);
      Optional<ClosedLoop.Result> jdbc = find(results, JDBC, callers);
      if (health.isPresent() && warm.isPresent() && miss.isPresent() && jdbc.isPresent()) {
        String target = callers == TARGET_CALLERS ? " (target)" : "";
        LoadHarness.print("ratios at %d callers%s: warm verify / health throughput %.2f"
            + " (>= 0.8), warm verify p99 / health p99 %.2f (<= 2), all-miss verify / JDBC"
            + " throughput %.2f (>= 0.6)", callers, target,
            warm.get().throughput() / health.get().throughput(),
            warm.get().p99Micros() / health.get().p99Micros(),
            miss.get().throughput() / jdbc.get().throughput());
      }
      Optional<ClosedLoop.Result> issue = find(results, ISSUE_TOKEN, callers);
      Optional<ClosedLoop.Result> verifyToken = find(results, VERIFY_TOKEN, callers);
      if (health.isPresent() && issue.isPresent() && verifyToken.isPresent()) {
        // DESIGN sets no target for these; health puts them on the same scale as the others.
        LoadHarness.print("access tokens at %d callers: issue / health throughput %.2f,"
            + " verify token / health throughput %.2f", callers,
            issue.get().throughput() / health.get().throughput(),
            verifyToken.get().throughput() / health.get().throughput());
      }
    }
  }

  private static Optional<ClosedLoop.Result> find(List<ClosedLoop.Result> results,
      String scenario, int callers) {
    return results.stream()
        .filter(result -> result.scenario().equals(scenario) && result.concurrency() == callers)
        .findFirst();
  }
}

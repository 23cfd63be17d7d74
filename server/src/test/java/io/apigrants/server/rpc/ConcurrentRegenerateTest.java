package io.apigrants.server.rpc;

import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.RegenerateSecretResponse;
import io.apigrants.v1.VerifySecretResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestServer.Store.class)
class ConcurrentRegenerateTest {
  private static final int CALLS = 50;

  private static SecretScenario scenario;

  @Parameter
  TestServer.Store store;

  private final String org = GrantRows.newOrg();

  @BeforeParameterizedClassInvocation
  static void startServer(TestServer.Store store) {
    scenario = SecretScenario.start(store);
  }

  @AfterParameterizedClassInvocation
  static void stopServer() {
    scenario.close();
  }

  @Test
  void fiftyParallelRegeneratesLeaveExactlyOneVerifyingSecret() throws Exception {
    UUID grantId = scenario.rows().grant(org, "alice").insert();

    List<String> secrets = regenerateInParallel(grantId, Duration.ZERO);

    List<VerifySecretResponse> answers = verifyAll(secrets);
    String current = scenario.listMyGrants(org, "alice").getGrants(0).getSecretHint();
    assertThat(secrets).hasSize(CALLS).doesNotHaveDuplicates();
    assertThat(answers).filteredOn(VerifySecretResponse::getActive).hasSize(1);
    assertThat(answers).filteredOn(answer -> !answer.getActive())
        .allSatisfy(answer -> assertThat(answer.getReason()).isEqualTo(InactiveReason.UNKNOWN));
    assertThat(secrets.get(indexOfActive(answers)).substring(10, 16)).isEqualTo(current);
    assertThat(secretRows(grantId)).isEqualTo(1);
  }

  @Test
  void fiftyParallelRegeneratesWithGraceLeaveTheCurrentAndOnePreviousSecret() throws Exception {
    UUID grantId = scenario.rows().grant(org, "alice").insert();

    List<String> secrets = regenerateInParallel(grantId, Duration.ofHours(1));

    List<VerifySecretResponse> answers = verifyAll(secrets);
    String current = scenario.listMyGrants(org, "alice").getGrants(0).getSecretHint();
    List<String> live = IntStream.range(0, CALLS)
        .filter(i -> answers.get(i).getActive())
        .mapToObj(secrets::get)
        .toList();
    assertThat(secrets).hasSize(CALLS).doesNotHaveDuplicates();
    assertThat(answers).filteredOn(answer -> !answer.getActive()).hasSize(CALLS - 2)
        .allSatisfy(answer -> assertThat(answer.getReason()).isEqualTo(InactiveReason.UNKNOWN));
    assertThat(live).hasSize(2)
        .extracting(secret -> secret.substring(10, 16))
        .containsOnlyOnce(current);
    assertThat(secretRows(grantId)).isEqualTo(2);
  }

  /**
   * Fires {@link #CALLS} regenerates at once and returns the secrets of those that succeeded.
   * Every call must succeed: the grant's row lock queues them rather than failing them.
   */
  private List<String> regenerateInParallel(UUID grantId, Duration grace) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(CALLS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RegenerateSecretResponse>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        calls.add(callers.submit(() -> {
          start.await();
          return scenario.regenerate(org, "alice", grantId, grace);
        }));
      }
      start.countDown();

      List<String> secrets = new ArrayList<>();
      for (Future<RegenerateSecretResponse> call : calls) {
        secrets.add(call.get(60, TimeUnit.SECONDS).getSecret());
      }
      return secrets;
    } finally {
      callers.shutdownNow();
      assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private List<VerifySecretResponse> verifyAll(List<String> secrets) {
    return secrets.stream().map(secret -> scenario.verify(org, secret, "10.0.0.1")).toList();
  }

  private static int indexOfActive(List<VerifySecretResponse> answers) {
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).getActive()) {
        return i;
      }
    }
    throw new AssertionError("no secret verified");
  }

  private static int secretRows(UUID grantId) {
    return scenario.server().server().database().dsl()
        .fetchCount(GRANT_SECRET, GRANT_SECRET.GRANT_ID.eq(grantId));
  }
}

package io.apigrants.server.rpc;

import static io.apigrants.server.testing.Statuses.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.TcpProxy;
import io.apigrants.server.testing.TestDatabase;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import io.apigrants.v1.VerifySecretResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The path to PostgreSQL breaks (a proxy drops every connection): a secret cached inside its TTL
 * still answers, anything that needs the database is UNAVAILABLE and never active, and once the
 * path returns everything verifies again. A malformed secret needs no database at all.
 */
class DatabaseOutageTest {
  private static final Duration RECOVERY = Duration.ofSeconds(20);

  private final String org = GrantRows.newOrg();

  @Test
  void cachedAnswersSurviveAnOutageAndTheRestIsUnavailableUntilItEnds() throws Exception {
    try (TcpProxy proxy = new TcpProxy(TestDatabase.host());
        TestServer server = TestServer.postgresVia(db -> db.jdbcUrlVia(proxy.address()))) {
      GrantRows rows = new GrantRows(server, Clock.systemUTC());
      String cached = server.regenerateSecret(org, "alice", rows.grant(org, "alice").insert());
      String uncached = server.regenerateSecret(org, "alice", rows.grant(org, "alice").insert());
      assertThat(server.verifySecret(org, cached).getActive()).isTrue();

      proxy.cut();
      VerifySecretResponse cachedDuringOutage = server.verifySecret(org, cached);
      Status.Code uncachedDuringOutage = codeOf(() -> server.verifySecret(org, uncached));
      proxy.restore();

      assertThat(cachedDuringOutage.getActive()).isTrue();
      assertThat(uncachedDuringOutage).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(awaitVerifies(server, uncached).getActive()).isTrue();
      assertThat(server.verifySecret(org, cached).getActive()).isTrue();
    }
  }

  @Test
  void malformedSecretsAreAnsweredWithoutTheDatabase() {
    try (TcpProxy proxy = new TcpProxy(TestDatabase.host());
        TestServer server = TestServer.postgresVia(db -> db.jdbcUrlVia(proxy.address()))) {
      GrantRows rows = new GrantRows(server, Clock.systemUTC());
      String secret = server.regenerateSecret(org, "alice", rows.grant(org, "alice").insert());
      String mistyped = changeCharacterAt(secret, "wk_secret:".length() + 10);
      String truncated = secret.substring(0, secret.length() - 1);
      String wrongChecksum = changeCharacterAt(secret, secret.length() - 1);
      List<String> malformed = List.of(mistyped, truncated, wrongChecksum);

      proxy.cut();
      List<VerifySecretResponse> answers = malformed.stream()
          .map(candidate -> server.verifySecret(org, candidate))
          .toList();
      proxy.restore();

      assertThat(answers).hasSize(3).allSatisfy(answer -> assertThat(answer)
          .isEqualTo(VerifySecretResponse.newBuilder()
              .setReason(InactiveReason.MALFORMED)
              .build()));
    }
  }

  /** {@code secret} with the base62 character at {@code index} replaced by another one. */
  private static String changeCharacterAt(String secret, int index) {
    char replacement = secret.charAt(index) == 'a' ? 'b' : 'a';
    return secret.substring(0, index) + replacement + secret.substring(index + 1);
  }

  /** Verifies until the call succeeds (the pool reconnects on demand); fails after the bound. */
  private VerifySecretResponse awaitVerifies(TestServer server, String secret)
      throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    while (true) {
      try {
        return server.verifySecret(org, secret);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(System.nanoTime()).as("recovered within %s", RECOVERY).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }
}

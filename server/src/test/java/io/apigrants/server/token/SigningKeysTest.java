package io.apigrants.server.token;

import static io.apigrants.server.store.schema.Tables.SIGNING_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.config.AccessTokenSettings;
import io.apigrants.server.secret.Pepper;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.store.SigningKeyStore;
import io.apigrants.server.testing.MutableClock;
import io.apigrants.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Replicas sharing one database agree on the signing key, even when they rotate at once. */
class SigningKeysTest {
  private static final PepperRing PEPPERS = new PepperRing(List.of(
      new Pepper("test1", "a-test-pepper-of-at-least-32-bytes-long".getBytes())));

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void replicasRotatingAtOnceCreateOneKey(TestServer.Store store) throws Exception {
    // Noon: no next key is due for publication, at start or two days on.
    MutableClock clock = new MutableClock(
        Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12)));
    try (TestServer server = TestServer.start(store, clock)) {
      clock.advance(Duration.ofDays(2));
      SigningKeyStore keyStore = new SigningKeyStore(server.server().database());
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<String>> replicas = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SigningKeys replica =
            new SigningKeys(keyStore, PEPPERS, AccessTokenSettings.defaults(), clock);
        replicas.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return replica.signingKey().kid();
        }));
      }

      start.countDown();
      List<String> kids = new ArrayList<>();
      for (CompletableFuture<String> replica : replicas) {
        kids.add(replica.get(30, TimeUnit.SECONDS));
      }

      assertThat(kids).containsOnly(kids.get(0));
      int keysOfThatPeriod = server.server().database().dsl()
          .fetchCount(SIGNING_KEY, SIGNING_KEY.KID.eq(kids.get(0)));
      assertThat(keysOfThatPeriod).isEqualTo(1);
      assertThat(server.server().database().dsl().fetchCount(SIGNING_KEY)).isEqualTo(2);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

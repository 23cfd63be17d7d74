package io.apigrants.server.verify;

import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.config.VerifyCacheSettings;
import io.apigrants.server.secret.Pepper;
import io.apigrants.server.secret.PepperRing;
import io.apigrants.server.secret.Secret;
import io.apigrants.server.secret.SecretFormat;
import io.apigrants.server.secret.SecretHasher;
import io.apigrants.server.store.SecretStore;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.v1.InactiveReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secrets hashed under a pepper that has since been rotated out of first place still verify. */
class PepperRotationTest {
  /** The pepper TestServer configures, which hashed every secret its server issued. */
  private static final Pepper SERVER_PEPPER = TestServer.PEPPER;
  private static final Pepper NEWER_PEPPER = new Pepper("test2",
      "a-newer-pepper-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8));

  private static SecretScenario scenario;

  private final String org = GrantRows.newOrg();
  private final SecretFormat format = new SecretFormat("wk_secret:");

  @BeforeAll
  static void startServer() {
    scenario = SecretScenario.start(TestServer.Store.POSTGRESQL);
  }

  @AfterAll
  static void stopServer() {
    scenario.close();
  }

  private SecretVerifier verifierWith(PepperRing peppers) {
    SecretStore store = new SecretStore(scenario.server().server().database(), scenario.clock());
    return new SecretVerifier(format, new SecretHasher(peppers), store,
        new VerificationCache(VerifyCacheSettings.defaults()),
        new LastUseRecorder(store, scenario.clock(), LastUseRecorder.DEFAULT_FLUSH_INTERVAL),
        scenario.clock());
  }

  @Test
  void secretHashedUnderTheRetiredPepperStillVerifiesAfterRotation() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    String secret = scenario.regenerate(org, "alice", grantId).getSecret();
    SecretVerifier rotated = verifierWith(new PepperRing(List.of(NEWER_PEPPER, SERVER_PEPPER)));

    Verification verification = rotated.verify(org, secret, "10.0.0.1", List.of());

    assertThat(verification.isActive()).isTrue();
  }

  @Test
  void secretHashedUnderANewPepperIsStoredWithItsKeyIdAndUnknownWithoutIt() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    SecretHasher newer = new SecretHasher(new PepperRing(List.of(NEWER_PEPPER, SERVER_PEPPER)));
    SecretStore store = new SecretStore(scenario.server().server().database(), scenario.clock());
    Secret secret = format.generate();

    store.regenerate(org, "alice", grantId, Duration.ZERO, newer.hashForStorage(secret),
        secret.hint());

    String keyId = scenario.server().server().database().dsl()
        .select(GRANT_SECRET.KEY_ID)
        .from(GRANT_SECRET)
        .where(GRANT_SECRET.GRANT_ID.eq(grantId))
        .fetchOne(GRANT_SECRET.KEY_ID);
    assertThat(keyId).isEqualTo("test2");
    assertThat(verifierWith(new PepperRing(List.of(NEWER_PEPPER, SERVER_PEPPER)))
        .verify(org, secret.text(), "10.0.0.1", List.of()).isActive()).isTrue();
    assertThat(verifierWith(new PepperRing(List.of(SERVER_PEPPER)))
        .verify(org, secret.text(), "10.0.0.1", List.of()).reason())
        .isEqualTo(InactiveReason.UNKNOWN);
  }
}

package io.apigrants.server.verify;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.apigrants.server.store.Database;
import io.apigrants.server.store.SecretStore;
import io.apigrants.server.testing.GrantRows;
import io.apigrants.server.testing.SecretScenario;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.Await;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestServer.Store.class)
class LastUseRecorderTest {
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

  /** A recorder of its own, never started: only explicit flushes write. */
  private LastUseRecorder recorder() {
    return new LastUseRecorder(
        new SecretStore(scenario.server().server().database(), scenario.clock()),
        scenario.clock(), LastUseRecorder.DEFAULT_FLUSH_INTERVAL);
  }

  @Test
  void recordingWritesNothingUntilAFlush() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    LastUseRecorder recorder = recorder();
    Instant usedAt = scenario.clock().instant();

    recorder.record(grantId, usedAt, "10.0.0.1");
    Record2<OffsetDateTime, String> beforeFlush = lastUse(grantId);
    int written = recorder.flush();

    assertThat(beforeFlush.value1()).isNull();
    assertThat(written).isEqualTo(1);
    assertThat(lastUse(grantId).value1().toInstant()).isEqualTo(usedAt);
    assertThat(lastUse(grantId).value2()).isEqualTo("10.0.0.1");
  }

  @Test
  void manyUsesOfManyGrantsBecomeOneRowEachWithTheLatestUse() {
    UUID first = scenario.rows().grant(org, "alice").insert();
    UUID second = scenario.rows().grant(org, "bob").insert();
    LastUseRecorder recorder = recorder();
    Instant start = scenario.clock().instant();

    recorder.record(first, start.plusSeconds(2), "10.0.0.2");
    recorder.record(first, start.plusSeconds(1), "10.0.0.1");
    recorder.record(second, start, "10.0.0.9");
    int written = recorder.flush();

    assertThat(written).isEqualTo(2);
    assertThat(lastUse(first).value2()).isEqualTo("10.0.0.2");
    assertThat(lastUse(second).value2()).isEqualTo("10.0.0.9");
    assertThat(recorder.flush()).isZero();
  }

  @Test
  void usesFromOneAddressWithinTheResolutionKeepTheFirstTimeAndLaterOnesMoveIt() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    LastUseRecorder recorder = recorder();
    Instant first = scenario.clock().instant();
    Instant withinResolution = first.plus(LastUseRecorder.RESOLUTION.dividedBy(2));
    Instant pastResolution = first.plus(LastUseRecorder.RESOLUTION.multipliedBy(3));

    recorder.record(grantId, first, "10.0.0.1");
    recorder.record(grantId, withinResolution, "10.0.0.1");
    recorder.flush();
    Instant keptFirst = lastUse(grantId).value1().toInstant();
    recorder.record(grantId, pastResolution, "10.0.0.1");
    recorder.flush();
    Instant moved = lastUse(grantId).value1().toInstant();
    recorder.record(grantId, pastResolution.plusMillis(1), "10.0.0.7");
    recorder.flush();

    assertThat(keptFirst).isEqualTo(first);
    assertThat(moved).isEqualTo(pastResolution);
    assertThat(lastUse(grantId).value2()).isEqualTo("10.0.0.7");
  }

  @Test
  void anOlderUseNeverOverwritesANewerOne() {
    UUID grantId = scenario.rows().grant(org, "alice").insert();
    Instant now = scenario.clock().instant();
    LastUseRecorder replicaA = recorder();
    LastUseRecorder replicaB = recorder();
    replicaA.record(grantId, now.plus(Duration.ofSeconds(5)), "10.0.0.5");
    replicaB.record(grantId, now, "10.0.0.1");

    replicaA.flush();
    replicaB.flush();

    assertThat(lastUse(grantId).value2()).isEqualTo("10.0.0.5");
  }

  @Test
  void aVerificationIsWrittenByThePeriodicFlushNotByTheCall() throws Exception {
    // Needs its own server: on the shared one, an earlier test may have made a flush due.
    try (SecretScenario own = SecretScenario.start(store)) {
      UUID grantId = own.rows().grant(org, "alice").insert();
      String secret = own.regenerate(org, "alice", grantId).getSecret();
      Instant usedAt = own.clock().instant();

      boolean active = own.verify(org, secret, "10.9.8.7").getActive();
      Record2<OffsetDateTime, String> afterTheCall = lastUse(own, grantId);
      own.clock().advance(LastUseRecorder.DEFAULT_FLUSH_INTERVAL);
      Await.until("the periodic flush", () -> lastUse(own, grantId).value1() != null);

      assertThat(active).isTrue();
      assertThat(afterTheCall.value1()).isNull();
      assertThat(lastUse(own, grantId).value1().toInstant()).isEqualTo(usedAt);
      assertThat(lastUse(own, grantId).value2()).isEqualTo("10.9.8.7");
    }
  }

  @Test
  void shutdownFlushesPendingUses() throws Exception {
    // Needs its own server: closing it is the act under test.
    try (SecretScenario own = SecretScenario.start(store)) {
      UUID grantId = own.rows().grant(org, "alice").insert();
      String secret = own.regenerate(org, "alice", grantId).getSecret();
      own.verify(org, secret, "10.9.8.7");

      own.server().server().close();

      assertThat(lastUseIpAfterClose(own, grantId)).isEqualTo("10.9.8.7");
    }
  }

  private static Record2<OffsetDateTime, String> lastUse(UUID grantId) {
    return lastUse(scenario, grantId);
  }

  private static Record2<OffsetDateTime, String> lastUse(SecretScenario on, UUID grantId) {
    DSLContext dsl = on.server().server().database().dsl();
    return dsl.select(API_GRANT.LAST_USED_TIME, API_GRANT.LAST_USED_IP)
        .from(API_GRANT)
        .where(API_GRANT.ID.eq(grantId))
        .fetchOne();
  }

  /** Reads past the closed pool: straight JDBC to PostgreSQL, or the H2 file reopened. */
  private static String lastUseIpAfterClose(SecretScenario closed, UUID grantId)
      throws Exception {
    try (Connection connection = closed.server().database() != null
            ? closed.server().database().connect()
            : DriverManager.getConnection(Database.embeddedUrl(closed.server().dataDir()), "sa",
                "");
        PreparedStatement query = connection.prepareStatement(
            "select last_used_ip from api_grant where id = ?")) {
      query.setObject(1, grantId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }
}

package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.APP_USER;
import static io.apigrants.server.store.schema.Tables.AUDIT_CHANGE;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;
import static io.apigrants.server.store.schema.Tables.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigrants.server.grant.SecretState;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.testing.TestServer;
import io.apigrants.server.testing.TestStore;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The migrations and the jOOQ code on both stores: the real PostgreSQL and the H2 default. */
class DatabaseTest {
  private static final String MIGRATIONS_APPLIED =
      "select count(*) from flyway_schema_history where success and version is not null";

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void migrationsApplyAndReapplyingIsANoOp(TestServer.Store store) throws Exception {
    try (TestStore fixture = new TestStore(store)) {
      int tables;
      Object applied;
      try (Database database = fixture.open()) {
        tables = database.dsl().meta().getTables().size();
        applied = database.dsl().fetchValue(MIGRATIONS_APPLIED);
      }

      // Every migration is applied once, whichever is the newest.
      try (Database reopened = fixture.open()) {
        assertThat(reopened.dsl().fetchValue(MIGRATIONS_APPLIED)).isEqualTo(applied);
        assertThat(reopened.dsl().fetchValue(
            "select count(*) from flyway_schema_history where not success")).isEqualTo(0L);
        assertThat(reopened.dsl().meta().getTables()).hasSize(tables);
      }
      assertThat(tables).isGreaterThanOrEqualTo(10);
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void grantRoundTripsThroughJooq(TestServer.Store store) throws Exception {
    try (TestStore fixture = new TestStore(store); Database database = fixture.open()) {
      DSLContext dsl = database.dsl();
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
      UUID grantId = UUID.randomUUID();
      UUID clientId = UUID.randomUUID();

      dsl.insertInto(WORKSPACE)
          .set(WORKSPACE.ORG_ID, "acme")
          .set(WORKSPACE.ID, "analytics")
          .set(WORKSPACE.DISPLAY_NAME, "Analytics")
          .set(WORKSPACE.CREATE_TIME, now)
          .execute();
      dsl.insertInto(APP_USER)
          .set(APP_USER.ORG_ID, "acme")
          .set(APP_USER.USERNAME, "alice")
          .set(APP_USER.DISPLAY_NAME, "Alice")
          .set(APP_USER.DISABLED, false)
          .set(APP_USER.CREATE_TIME, now)
          .set(APP_USER.UPDATE_TIME, now)
          .execute();
      dsl.insertInto(API_GRANT)
          .set(API_GRANT.ID, grantId)
          .set(API_GRANT.ORG_ID, "acme")
          .set(API_GRANT.CLIENT_ID, clientId)
          .set(API_GRANT.CLIENT_NAME, "nightly export")
          .set(API_GRANT.WORKSPACE_ID, "analytics")
          .set(API_GRANT.USERNAME, "alice")
          .set(API_GRANT.SCOPES, TextSets.join(List.of("spreadsheets.write", "files.read")))
          .set(API_GRANT.IP_ALLOWLIST, TextSets.join(List.of("10.0.0.0/8")))
          .set(API_GRANT.EXPIRE_TIME, now.plusDays(30))
          .set(API_GRANT.DISABLED, false)
          .set(API_GRANT.SECRET_STATE, SecretState.ACTIVE.name())
          .set(API_GRANT.GENERATION, 1L)
          .set(API_GRANT.VERSION, 1L)
          .set(API_GRANT.CREATOR, "root-admin")
          .set(API_GRANT.CREATE_TIME, now)
          .set(API_GRANT.UPDATE_TIME, now)
          .execute();
      dsl.insertInto(GRANT_SECRET)
          .set(GRANT_SECRET.SECRET_HASH, "hash-of-a-test-secret")
          .set(GRANT_SECRET.GRANT_ID, grantId)
          .set(GRANT_SECRET.SLOT, (short) 0)
          .set(GRANT_SECRET.KEY_ID, "k1")
          .set(GRANT_SECRET.HINT, "AbC123")
          .set(GRANT_SECRET.CREATE_TIME, now)
          .execute();

      StoredGrant grant = GrantStore.find(dsl, "acme", grantId).orElseThrow();

      assertThat(grant.clientId()).isEqualTo(clientId);
      assertThat(grant.scopes()).containsExactly("files.read", "spreadsheets.write");
      assertThat(grant.ipAllowlist()).containsExactly("10.0.0.0/8");
      assertThat(grant.expireTime()).isEqualTo(now.plusDays(30).toInstant());
      assertThat(grant.secretState()).isEqualTo(SecretState.ACTIVE);
      assertThat(grant.secretHint()).contains("AbC123");
      assertThat(grant.secretCreateTime()).contains(now.toInstant());
      assertThat(grant.previousSecretExpireTime()).isEmpty();
      assertThat(GrantStore.find(dsl, "another-org", grantId)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestServer.Store.class)
  void auditEntryCommitsOrRollsBackWithItsTransaction(TestServer.Store store) throws Exception {
    try (TestStore fixture = new TestStore(store); Database database = fixture.open()) {
      AuditLog audit = new AuditLog(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"),
          ZoneOffset.UTC));
      AuditEntry entry = AuditEntry.builder("acme", "root-admin", "user.upsert", "users/alice")
          .change("display_name", null, "Alice")
          .change("state", "ACTIVE", "ACTIVE")
          .build();

      database.dsl().transaction(tx -> audit.record(tx.dsl(), entry));
      assertThatThrownBy(() -> database.dsl().transaction(tx -> {
        audit.record(tx.dsl(), entry);
        throw new IllegalStateException("the change failed after its audit record");
      })).isInstanceOf(IllegalStateException.class);

      assertThat(database.dsl().fetchCount(AUDIT_EVENT)).isEqualTo(1);
      assertThat(database.dsl().select(AUDIT_CHANGE.FIELD).from(AUDIT_CHANGE).fetch(AUDIT_CHANGE.FIELD))
          .containsExactly("display_name");
    }
  }
}

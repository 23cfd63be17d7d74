package io.apigrants.server.testing;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.APP_USER;
import static io.apigrants.server.store.schema.Tables.WORKSPACE;

import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.store.GrantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Writes grants, workspaces and users straight into a test server's database, for tests that
 * need grants in given states without going through GrantAdmin.
 */
public final class GrantRows {
  public static final String WORKSPACE_ID = "ws-main";
  public static final List<String> SCOPES = List.of("spreadsheets.read", "spreadsheets.write");

  private final DSLContext dsl;
  private final Clock clock;

  public GrantRows(TestServer server, Clock clock) {
    this.dsl = server.server().database().dsl();
    this.clock = clock;
  }

  /** A grant of {@code username} in {@code org} with the default scopes, expiring in 30 days. */
  public StoredGrant create(String org, String username) {
    return create(org, username, SCOPES, clock.instant().plus(Duration.ofDays(30)));
  }

  /** A grant with the given scopes and expiry; its workspace and user are created if missing. */
  public StoredGrant create(String org, String username, List<String> scopes, Instant expiry) {
    OffsetDateTime now = utc(clock.instant());
    dsl.insertInto(WORKSPACE)
        .set(WORKSPACE.ORG_ID, org)
        .set(WORKSPACE.ID, WORKSPACE_ID)
        .set(WORKSPACE.DISPLAY_NAME, "Main")
        .set(WORKSPACE.CREATE_TIME, now)
        .onConflictDoNothing()
        .execute();
    dsl.insertInto(APP_USER)
        .set(APP_USER.ORG_ID, org)
        .set(APP_USER.USERNAME, username)
        .set(APP_USER.DISPLAY_NAME, username)
        .set(APP_USER.DISABLED, false)
        .set(APP_USER.CREATE_TIME, now)
        .set(APP_USER.UPDATE_TIME, now)
        .onConflictDoNothing()
        .execute();
    UUID id = UUID.randomUUID();
    dsl.insertInto(API_GRANT)
        .set(API_GRANT.ID, id)
        .set(API_GRANT.ORG_ID, org)
        .set(API_GRANT.CLIENT_ID, UUID.randomUUID())
        .set(API_GRANT.CLIENT_NAME, "nightly export")
        .set(API_GRANT.WORKSPACE_ID, WORKSPACE_ID)
        .set(API_GRANT.USERNAME, username)
        .set(API_GRANT.SCOPES, String.join(" ", new TreeSet<>(scopes)))
        .set(API_GRANT.IP_ALLOWLIST, "")
        .set(API_GRANT.EXPIRE_TIME, utc(expiry))
        .set(API_GRANT.DISABLED, false)
        .set(API_GRANT.SECRET_STATE, "ACTIVE")
        .set(API_GRANT.GENERATION, 1L)
        .set(API_GRANT.VERSION, 1L)
        .set(API_GRANT.CREATOR, "admin")
        .set(API_GRANT.CREATE_TIME, now)
        .set(API_GRANT.UPDATE_TIME, now)
        .execute();
    return find(org, id);
  }

  /** The grant as stored now. */
  public StoredGrant find(String org, UUID id) {
    return GrantStore.find(dsl, org, id).orElseThrow();
  }

  /** What regenerating or invalidating the secret does to earlier credentials. */
  public void bumpGeneration(UUID id) {
    dsl.update(API_GRANT)
        .set(API_GRANT.GENERATION, API_GRANT.GENERATION.plus(1))
        .where(API_GRANT.ID.eq(id))
        .execute();
  }

  public void setDisabled(UUID id, boolean disabled) {
    dsl.update(API_GRANT)
        .set(API_GRANT.DISABLED, disabled)
        .where(API_GRANT.ID.eq(id))
        .execute();
  }

  public void setUserDisabled(String org, String username, boolean disabled) {
    dsl.update(APP_USER)
        .set(APP_USER.DISABLED, disabled)
        .where(APP_USER.ORG_ID.eq(org))
        .and(APP_USER.USERNAME.eq(username))
        .execute();
  }

  public void setScopes(UUID id, List<String> scopes) {
    dsl.update(API_GRANT)
        .set(API_GRANT.SCOPES, String.join(" ", new TreeSet<>(scopes)))
        .where(API_GRANT.ID.eq(id))
        .execute();
  }

  public void delete(UUID id) {
    dsl.deleteFrom(API_GRANT)
        .where(API_GRANT.ID.eq(id))
        .execute();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

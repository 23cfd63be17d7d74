package io.apigrants.server.testing;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.APP_USER;
import static io.apigrants.server.store.schema.Tables.ORG_POLICY;
import static io.apigrants.server.store.schema.Tables.WORKSPACE;

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
 * Writes directory, grant and policy rows straight into a test server's database, with sensible
 * defaults, for tests of secrets and verification that do not go through grant administration.
 */
public final class GrantRows {
  /** The workspace every grant gets unless a test says otherwise. */
  public static final String WORKSPACE_ID = "main";

  private final DSLContext dsl;
  private final Clock clock;

  public GrantRows(TestServer server, Clock clock) {
    this.dsl = server.server().database().dsl();
    this.clock = clock;
  }

  /** A fresh organisation id, so tests sharing a server never see each other's rows. */
  public static String newOrg() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates the active user {@code username} (and nothing if it exists). */
  public void user(String org, String username) {
    dsl.insertInto(APP_USER)
        .set(APP_USER.ORG_ID, org)
        .set(APP_USER.USERNAME, username)
        .set(APP_USER.DISPLAY_NAME, username)
        .set(APP_USER.DISABLED, false)
        .set(APP_USER.CREATE_TIME, now())
        .set(APP_USER.UPDATE_TIME, now())
        .onConflictDoNothing()
        .execute();
  }

  public void setUserDisabled(String org, String username, boolean disabled) {
    dsl.update(APP_USER)
        .set(APP_USER.DISABLED, disabled)
        .set(APP_USER.UPDATE_TIME, now())
        .where(APP_USER.ORG_ID.eq(org))
        .and(APP_USER.USERNAME.eq(username))
        .execute();
  }

  public void setGrantDisabled(UUID grantId, boolean disabled) {
    dsl.update(API_GRANT)
        .set(API_GRANT.DISABLED, disabled)
        .where(API_GRANT.ID.eq(grantId))
        .execute();
  }

  /** Deletes the grant row; its secrets go with it (foreign key cascade). */
  public void deleteGrant(UUID grantId) {
    dsl.deleteFrom(API_GRANT)
        .where(API_GRANT.ID.eq(grantId))
        .execute();
  }

  /** Sets the organisation's rotation grace cap (other policy fields get defaults). */
  public void maxPreviousSecretTtl(String org, Duration max) {
    dsl.insertInto(ORG_POLICY)
        .set(ORG_POLICY.ORG_ID, org)
        .set(ORG_POLICY.MAX_GRANT_LIFETIME_SECONDS, Duration.ofDays(365).toSeconds())
        .set(ORG_POLICY.REQUIRE_IP_ALLOWLIST, false)
        .set(ORG_POLICY.MAX_PREVIOUS_SECRET_TTL_SECONDS, max.toSeconds())
        .set(ORG_POLICY.VERSION, 1L)
        .set(ORG_POLICY.UPDATE_TIME, now())
        .onConflict(ORG_POLICY.ORG_ID)
        .doUpdate()
        .set(ORG_POLICY.MAX_PREVIOUS_SECRET_TTL_SECONDS, max.toSeconds())
        .execute();
  }

  /** Starts a grant for {@code username} (created if missing) in workspace {@code main}. */
  public Grant grant(String org, String username) {
    return new Grant(org, username);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** A grant row to insert; defaults: scope spreadsheets.read, no allowlist, 30 days left. */
  public final class Grant {
    private final String org;
    private final String username;
    private List<String> scopes = List.of("spreadsheets.read");
    private List<String> ipAllowlist = List.of();
    private Instant expireTime = clock.instant().plus(Duration.ofDays(30));

    private Grant(String org, String username) {
      this.org = org;
      this.username = username;
    }

    public Grant scopes(String... values) {
      scopes = List.of(values);
      return this;
    }

    public Grant ipAllowlist(String... entries) {
      ipAllowlist = List.of(entries);
      return this;
    }

    public Grant expireTime(Instant value) {
      expireTime = value;
      return this;
    }

    /** Inserts the grant and returns its id. */
    public UUID insert() {
      dsl.insertInto(WORKSPACE)
          .set(WORKSPACE.ORG_ID, org)
          .set(WORKSPACE.ID, WORKSPACE_ID)
          .set(WORKSPACE.DISPLAY_NAME, "Main")
          .set(WORKSPACE.CREATE_TIME, now())
          .onConflictDoNothing()
          .execute();
      user(org, username);
      UUID id = UUID.randomUUID();
      dsl.insertInto(API_GRANT)
          .set(API_GRANT.ID, id)
          .set(API_GRANT.ORG_ID, org)
          .set(API_GRANT.CLIENT_ID, UUID.randomUUID())
          .set(API_GRANT.CLIENT_NAME, "nightly export")
          .set(API_GRANT.WORKSPACE_ID, WORKSPACE_ID)
          .set(API_GRANT.USERNAME, username)
          .set(API_GRANT.SCOPES, String.join(" ", new TreeSet<>(scopes)))
          .set(API_GRANT.IP_ALLOWLIST, String.join(" ", new TreeSet<>(ipAllowlist)))
          .set(API_GRANT.EXPIRE_TIME, OffsetDateTime.ofInstant(expireTime, ZoneOffset.UTC))
          .set(API_GRANT.DISABLED, false)
          .set(API_GRANT.SECRET_STATE, "NONE")
          .set(API_GRANT.GENERATION, 0L)
          .set(API_GRANT.VERSION, 1L)
          .set(API_GRANT.CREATOR, "admin")
          .set(API_GRANT.CREATE_TIME, now())
          .set(API_GRANT.UPDATE_TIME, now())
          .execute();
      return id;
    }
  }
}

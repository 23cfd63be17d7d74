package io.apigrants.server.testing;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.APP_USER;
import static io.apigrants.server.store.schema.Tables.ORG_POLICY;
import static io.apigrants.server.store.schema.Tables.WORKSPACE;

import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.store.Database;
import io.apigrants.server.store.GrantStore;
import io.apigrants.server.store.Invalidation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;

/**
 * Writes directory, grant and policy rows straight into a test server's database, with sensible
 * defaults, for tests of secrets and verification that do not go through grant administration.
 * Changes to existing grants and users publish their invalidations, as the server's writers do.
 */
public final class GrantRows {
  /** The workspace every grant gets unless a test says otherwise. */
  public static final String WORKSPACE_ID = "main";
  /** The scopes of a grant made by {@link #create(String, String)}. */
  public static final List<String> SCOPES = List.of("spreadsheets.read", "spreadsheets.write");

  private final Database database;
  private final DSLContext dsl;
  private final Clock clock;

  public GrantRows(TestServer server, Clock clock) {
    this.database = server.server().database();
    this.dsl = database.dsl();
    this.clock = clock;
  }

  /** A fresh organisation id, so tests sharing a server never see each other's rows. */
  public static String newOrg() {
    return "org-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A grant of {@code username} with {@link #SCOPES}, expiring in 30 days, as stored. */
  public StoredGrant create(String org, String username) {
    return create(org, username, SCOPES, clock.instant().plus(Duration.ofDays(30)));
  }

  /** A grant with the given scopes and expiry; its workspace and user are created if missing. */
  public StoredGrant create(String org, String username, List<String> scopes, Instant expiry) {
    UUID id = grant(org, username)
        .scopes(scopes.toArray(String[]::new))
        .expireTime(expiry)
        .insert();
    return find(org, id);
  }

  /** The grant as stored now. */
  public StoredGrant find(String org, UUID id) {
    return GrantStore.find(dsl, org, id).orElseThrow();
  }

  /** What regenerating or invalidating the secret does to earlier credentials. */
  public void bumpGeneration(UUID id) {
    changeGrant(id, tx -> tx.update(API_GRANT)
        .set(API_GRANT.GENERATION, API_GRANT.GENERATION.plus(1))
        .where(API_GRANT.ID.eq(id))
        .execute());
  }

  /** Replaces the grant's scopes. */
  public void setScopes(UUID id, List<String> scopes) {
    changeGrant(id, tx -> tx.update(API_GRANT)
        .set(API_GRANT.SCOPES, String.join(" ", new TreeSet<>(scopes)))
        .where(API_GRANT.ID.eq(id))
        .execute());
  }

  /** Moves the grant's expiry. */
  public void setExpireTime(UUID id, Instant expiry) {
    changeGrant(id, tx -> tx.update(API_GRANT)
        .set(API_GRANT.EXPIRE_TIME, OffsetDateTime.ofInstant(expiry, ZoneOffset.UTC))
        .where(API_GRANT.ID.eq(id))
        .execute());
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
    database.dsl().transaction(configuration -> {
      configuration.dsl().update(APP_USER)
          .set(APP_USER.DISABLED, disabled)
          .set(APP_USER.UPDATE_TIME, now())
          .where(APP_USER.ORG_ID.eq(org))
          .and(APP_USER.USERNAME.eq(username))
          .execute();
      database.invalidations().publish(configuration.dsl(), Invalidation.user(org, username));
    });
  }

  public void setGrantDisabled(UUID grantId, boolean disabled) {
    changeGrant(grantId, tx -> tx.update(API_GRANT)
        .set(API_GRANT.DISABLED, disabled)
        .where(API_GRANT.ID.eq(grantId))
        .execute());
  }

  /** Deletes the grant row; its secrets go with it (foreign key cascade). */
  public void deleteGrant(UUID grantId) {
    changeGrant(grantId, tx -> tx.deleteFrom(API_GRANT)
        .where(API_GRANT.ID.eq(grantId))
        .execute());
  }

  /**
   * Applies {@code change} to grant {@code id} and publishes the grant's invalidation in the
   * same transaction, as the server's own writers do, so caches see it.
   */
  private void changeGrant(UUID id, Consumer<DSLContext> change) {
    database.dsl().transaction(configuration -> {
      DSLContext tx = configuration.dsl();
      String org = tx.select(API_GRANT.ORG_ID).from(API_GRANT).where(API_GRANT.ID.eq(id))
          .fetchOne(API_GRANT.ORG_ID);
      change.accept(tx);
      database.invalidations().publish(tx, Invalidation.grant(org, id));
    });
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

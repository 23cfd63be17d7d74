package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.GRANT_SECRET;

import io.apigrants.server.grant.SecretState;
import io.apigrants.server.grant.StoredGrant;
import io.apigrants.server.store.schema.tables.GrantSecret;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectJoinStep;

/**
 * Reads and writes grants. Every query is scoped to one organisation: a grant of another
 * organisation is simply not found.
 */
public final class GrantStore {
  private static final GrantSecret CURRENT = GRANT_SECRET.as("current_secret");
  private static final GrantSecret PREVIOUS = GRANT_SECRET.as("previous_secret");

  private final Database database;

  public GrantStore(Database database) {
    this.database = database;
  }

  /** The grant {@code id} of {@code org}, outside any transaction. */
  public Optional<StoredGrant> find(String org, UUID id) {
    return find(database.dsl(), org, id);
  }

  /** The grant {@code id} of {@code org}, read through {@code tx} (a transaction or not). */
  public static Optional<StoredGrant> find(DSLContext tx, String org, UUID id) {
    return selectGrants(tx)
        .where(API_GRANT.ORG_ID.eq(org))
        .and(API_GRANT.ID.eq(id))
        .fetchOptional(GrantStore::toGrant);
  }

  /**
   * The grant columns joined with its current and previous secret's metadata; callers add the
   * where clause.
   */
  static SelectJoinStep<Record> selectGrants(DSLContext tx) {
    return tx.select(API_GRANT.fields())
        .select(CURRENT.HINT, CURRENT.CREATE_TIME, PREVIOUS.EXPIRE_TIME)
        .from(API_GRANT)
        .leftJoin(CURRENT)
        .on(CURRENT.GRANT_ID.eq(API_GRANT.ID).and(CURRENT.SLOT.eq((short) 0)))
        .leftJoin(PREVIOUS)
        .on(PREVIOUS.GRANT_ID.eq(API_GRANT.ID).and(PREVIOUS.SLOT.eq((short) 1)));
  }

  /** Maps a row of {@link #selectGrants} to the domain record. */
  static StoredGrant toGrant(Record row) {
    return new StoredGrant(
        row.get(API_GRANT.ID),
        row.get(API_GRANT.CLIENT_ID),
        row.get(API_GRANT.ORG_ID),
        row.get(API_GRANT.CLIENT_NAME),
        row.get(API_GRANT.WORKSPACE_ID),
        row.get(API_GRANT.USERNAME),
        TextSets.split(row.get(API_GRANT.SCOPES)),
        instant(row.get(API_GRANT.EXPIRE_TIME)),
        TextSets.split(row.get(API_GRANT.IP_ALLOWLIST)),
        row.get(API_GRANT.DISABLED),
        SecretState.valueOf(row.get(API_GRANT.SECRET_STATE)),
        Optional.ofNullable(row.get(CURRENT.HINT)),
        Optional.ofNullable(row.get(CURRENT.CREATE_TIME)).map(GrantStore::instant),
        Optional.ofNullable(row.get(PREVIOUS.EXPIRE_TIME)).map(GrantStore::instant),
        Optional.ofNullable(row.get(API_GRANT.LAST_USED_TIME)).map(GrantStore::instant),
        Optional.ofNullable(row.get(API_GRANT.LAST_USED_IP)),
        instant(row.get(API_GRANT.CREATE_TIME)),
        instant(row.get(API_GRANT.UPDATE_TIME)),
        row.get(API_GRANT.CREATOR),
        row.get(API_GRANT.VERSION),
        row.get(API_GRANT.GENERATION));
  }

  static Instant instant(OffsetDateTime time) {
    return time.toInstant();
  }
}

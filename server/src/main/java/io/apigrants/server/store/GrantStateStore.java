package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.APP_USER;

import io.apigrants.server.token.GrantState;
import java.util.Optional;
import java.util.UUID;

/** Reads the revocation-relevant state of one grant: one primary-key lookup and a join. */
public final class GrantStateStore {
  private final Database database;

  public GrantStateStore(Database database) {
    this.database = database;
  }

  /** The grant {@code id} as stored now; empty once it is deleted. */
  public Optional<GrantState> find(UUID id) {
    return database.dsl()
        .select(API_GRANT.ID, API_GRANT.CLIENT_ID, API_GRANT.ORG_ID, API_GRANT.GENERATION,
            API_GRANT.DISABLED, APP_USER.DISABLED, API_GRANT.EXPIRE_TIME, API_GRANT.SCOPES)
        .from(API_GRANT)
        .join(APP_USER)
        .on(APP_USER.ORG_ID.eq(API_GRANT.ORG_ID).and(APP_USER.USERNAME.eq(API_GRANT.USERNAME)))
        .where(API_GRANT.ID.eq(id))
        .fetchOptional(row -> new GrantState(
            row.get(API_GRANT.ID),
            row.get(API_GRANT.CLIENT_ID),
            row.get(API_GRANT.ORG_ID),
            row.get(API_GRANT.GENERATION),
            row.get(API_GRANT.DISABLED),
            row.get(APP_USER.DISABLED),
            row.get(API_GRANT.EXPIRE_TIME).toInstant(),
            TextSets.split(row.get(API_GRANT.SCOPES))));
  }
}

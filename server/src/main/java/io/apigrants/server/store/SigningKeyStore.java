package io.apigrants.server.store;

import static io.apigrants.server.store.Times.utc;
import static io.apigrants.server.store.schema.Tables.SIGNING_KEY;

import io.apigrants.server.token.StoredSigningKey;
import java.time.Instant;
import java.util.List;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;

/** Reads and writes the access-token signing keys of {@code signing_key}. */
public final class SigningKeyStore {
  private final Database database;

  public SigningKeyStore(Database database) {
    this.database = database;
  }

  /** Keys still published at {@code now}, the latest to start signing first. */
  public List<StoredSigningKey> unretired(Instant now) {
    return database.dsl()
        .select(SIGNING_KEY.fields())
        .from(SIGNING_KEY)
        .where(SIGNING_KEY.RETIRE_TIME.gt(utc(now)))
        .orderBy(SIGNING_KEY.ACTIVATE_TIME.desc(), SIGNING_KEY.CREATE_TIME.desc(),
            SIGNING_KEY.KID.desc())
        .fetch(SigningKeyStore::toKey);
  }

  /**
   * Inserts {@code key} unless a key with its kid exists; returns whether this call inserted it.
   * Replicas racing to create the same period's key thus end up with one.
   */
  public boolean insertIfAbsent(StoredSigningKey key) {
    // A plain insert and its unique violation: H2 writes onConflictDoNothing as a MERGE that
    // cannot bind bytea in PostgreSQL mode.
    try {
      database.dsl()
          .insertInto(SIGNING_KEY)
          .set(SIGNING_KEY.KID, key.kid())
          .set(SIGNING_KEY.ALGORITHM, key.algorithm())
          .set(SIGNING_KEY.PUBLIC_JWK, key.publicJwk())
          .set(SIGNING_KEY.PRIVATE_KEY_ENCRYPTED, key.privateKeyEncrypted())
          .set(SIGNING_KEY.CREATE_TIME, utc(key.createTime()))
          .set(SIGNING_KEY.ACTIVATE_TIME, utc(key.activateTime()))
          .set(SIGNING_KEY.ROTATE_TIME, utc(key.rotateTime()))
          .set(SIGNING_KEY.RETIRE_TIME, utc(key.retireTime()))
          .execute();
      return true;
    } catch (DataAccessException e) {
      if (e.sqlStateClass() == SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes keys retired before {@code cutoff}; returns how many. */
  public int deleteRetiredBefore(Instant cutoff) {
    return database.dsl()
        .deleteFrom(SIGNING_KEY)
        .where(SIGNING_KEY.RETIRE_TIME.lt(utc(cutoff)))
        .execute();
  }

  private static StoredSigningKey toKey(Record row) {
    return new StoredSigningKey(
        row.get(SIGNING_KEY.KID),
        row.get(SIGNING_KEY.ALGORITHM),
        row.get(SIGNING_KEY.PUBLIC_JWK),
        row.get(SIGNING_KEY.PRIVATE_KEY_ENCRYPTED),
        row.get(SIGNING_KEY.CREATE_TIME).toInstant(),
        row.get(SIGNING_KEY.ACTIVATE_TIME).toInstant(),
        row.get(SIGNING_KEY.ROTATE_TIME).toInstant(),
        row.get(SIGNING_KEY.RETIRE_TIME).toInstant());
  }
}

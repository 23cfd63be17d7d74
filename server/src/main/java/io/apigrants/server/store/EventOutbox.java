package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.GRANT_EVENT;
import static io.apigrants.server.store.schema.Tables.GRANT_EVENT_CONTROL;

import io.apigrants.server.event.GrantEventType;
import io.apigrants.server.grant.StoredGrant;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Appends grant lifecycle events inside the transaction of the change they describe, so an
 * event commits or rolls back with its change: none is lost or invented on a crash.
 *
 * <p>Each append first locks the single {@code grant_event_control} row, held until commit.
 * Appends therefore commit one after another in sequence order, and a watcher that has read
 * sequence n can never later see a smaller sequence appear. Call it as the last statement of
 * the transaction, after the grant row is written (and locked), to keep the lock short and the
 * lock order the same everywhere.
 */
public final class EventOutbox {
  private EventOutbox() {}

  /**
   * Records {@code type} for {@code grant} as it is after the change (for DELETED, as it was)
   * through {@code tx}, which must be the change's transaction. Returns the event's sequence.
   */
  public static long append(
      DSLContext tx, GrantEventType type, StoredGrant grant, Instant eventTime) {
    return append(tx, type, grant.org(), grant.id(), grant.clientId(), grant.workspace(),
        grant.username(), eventTime);
  }

  /** Records {@code type} for the grant named by its fields; see the other overload. */
  public static long append(DSLContext tx, GrantEventType type, String org, UUID grantId,
      UUID clientId, String workspace, String username, Instant eventTime) {
    tx.select(GRANT_EVENT_CONTROL.ID)
        .from(GRANT_EVENT_CONTROL)
        .where(GRANT_EVENT_CONTROL.ID.eq((short) 1))
        .forUpdate()
        .fetch();
    return tx.insertInto(GRANT_EVENT)
        .set(GRANT_EVENT.ORG_ID, org)
        .set(GRANT_EVENT.EVENT_TYPE, type.name())
        .set(GRANT_EVENT.GRANT_ID, grantId)
        .set(GRANT_EVENT.CLIENT_ID, clientId)
        .set(GRANT_EVENT.WORKSPACE_ID, workspace)
        .set(GRANT_EVENT.USERNAME, username)
        .set(GRANT_EVENT.EVENT_TIME, Times.utc(eventTime))
        .returning(GRANT_EVENT.SEQ)
        .fetchOne(GRANT_EVENT.SEQ);
  }
}

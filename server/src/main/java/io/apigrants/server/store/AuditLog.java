package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.AUDIT_CHANGE;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * Writes audit records inside the caller's transaction, so a change and its record commit or
 * roll back together.
 */
public final class AuditLog {
  private static final int MAX_VALUE = 8000;

  private final Clock clock;

  public AuditLog(Clock clock) {
    this.clock = clock;
  }

  /** Records {@code entry} through {@code tx}, which must be the transaction of the change. */
  public void record(DSLContext tx, AuditEntry entry) {
    long eventId = tx.insertInto(AUDIT_EVENT)
        .set(AUDIT_EVENT.ORG_ID, entry.org())
        .set(AUDIT_EVENT.EVENT_TIME,
            OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
        .set(AUDIT_EVENT.ACTOR, entry.actor())
        .set(AUDIT_EVENT.ACTION, entry.action())
        .set(AUDIT_EVENT.TARGET, entry.target())
        .set(AUDIT_EVENT.REQUEST_ID, entry.requestId().orElse(null))
        .returning(AUDIT_EVENT.ID)
        .fetchOne(AUDIT_EVENT.ID);

    int position = 0;
    for (AuditEntry.Change change : entry.changes()) {
      tx.insertInto(AUDIT_CHANGE)
          .set(AUDIT_CHANGE.EVENT_ID, eventId)
          .set(AUDIT_CHANGE.POSITION, position++)
          .set(AUDIT_CHANGE.FIELD, change.field())
          .set(AUDIT_CHANGE.OLD_VALUE, truncate(change.oldValue()))
          .set(AUDIT_CHANGE.NEW_VALUE, truncate(change.newValue()))
          .execute();
    }
  }

  private static String truncate(String value) {
    return value == null || value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE);
  }
}

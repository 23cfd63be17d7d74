package io.apigrants.server.store;

import static io.apigrants.server.store.Times.utc;
import static io.apigrants.server.store.schema.Tables.API_GRANT;
import static io.apigrants.server.store.schema.Tables.GRANT_EVENT;
import static io.apigrants.server.store.schema.Tables.GRANT_EVENT_CONTROL;
import static io.apigrants.server.store.schema.Tables.GRANT_EVENT_ORG_PURGE;

import io.apigrants.server.event.GrantEventRecord;
import io.apigrants.server.event.GrantEventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record2;
import org.jooq.Record5;
import org.jooq.Result;
import org.jooq.impl.DSL;

/**
 * Reads the grant event outbox, deletes what retention lets go, and emits the expiry notices.
 */
public final class GrantEventStore {
  private final Database database;

  public GrantEventStore(Database database) {
    this.database = database;
  }

  /**
   * Where the retained events lie.
   *
   * @param purgedThrough the highest sequence retention has deleted of the scope asked for (0
   *     when none)
   * @param head the highest sequence committed so far, or purgedThrough if the table is empty
   */
  public record Watermarks(long purgedThrough, long head) {}

  /** Events after {@code afterSequence}, of {@code org} or of every organisation, in order. */
  public List<GrantEventRecord> after(Optional<String> org, long afterSequence, int limit) {
    Condition ofOrg = org.map(GRANT_EVENT.ORG_ID::eq).orElse(DSL.noCondition());
    return database.dsl()
        .selectFrom(GRANT_EVENT)
        .where(ofOrg)
        .and(GRANT_EVENT.SEQ.gt(afterSequence))
        .orderBy(GRANT_EVENT.SEQ)
        .limit(limit)
        .fetch(row -> new GrantEventRecord(
            row.getSeq(),
            GrantEventType.valueOf(row.getEventType()),
            row.getOrgId(),
            row.getGrantId(),
            row.getClientId(),
            row.getWorkspaceId(),
            row.getUsername(),
            row.getEventTime().toInstant()));
  }

  /** The watermarks of every organisation's events together. */
  public Watermarks watermarks() {
    var head = DSL.select(DSL.max(GRANT_EVENT.SEQ)).from(GRANT_EVENT).asField("head");
    return database.dsl()
        .select(GRANT_EVENT_CONTROL.PURGED_THROUGH, head)
        .from(GRANT_EVENT_CONTROL)
        .where(GRANT_EVENT_CONTROL.ID.eq((short) 1))
        .fetchSingle(row -> {
          long purged = row.value1();
          Long max = (Long) row.value2();
          return new Watermarks(purged, max == null ? purged : Math.max(max, purged));
        });
  }

  /**
   * The watermarks a watcher of {@code org} (every organisation when empty) compares its resume
   * point with: its scope's newest purged event, and the global head.
   */
  public Watermarks watermarks(Optional<String> org) {
    Watermarks all = watermarks();
    return org.isEmpty() ? all : new Watermarks(purgedThrough(org), all.head());
  }

  /**
   * The highest sequence retention has deleted among the events of {@code org}, or of every
   * organisation when empty; 0 when none.
   */
  public long purgedThrough(Optional<String> org) {
    if (org.isEmpty()) {
      return watermarks().purgedThrough();
    }
    return database.dsl()
        .select(GRANT_EVENT_ORG_PURGE.PURGED_THROUGH)
        .from(GRANT_EVENT_ORG_PURGE)
        .where(GRANT_EVENT_ORG_PURGE.ORG_ID.eq(org.get()))
        .fetchOptional(GRANT_EVENT_ORG_PURGE.PURGED_THROUGH)
        .orElse(0L);
  }

  /**
   * Deletes the events older than {@code cutoff} and advances the purge watermarks (the global
   * one and those of the organisations whose events go), in one transaction holding the append
   * lock. Returns how many were deleted.
   */
  public int purgeBefore(Instant cutoff) {
    return database.dsl().transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      lockAppends(tx);
      Long through = tx.select(DSL.max(GRANT_EVENT.SEQ))
          .from(GRANT_EVENT)
          .where(GRANT_EVENT.EVENT_TIME.lt(utc(cutoff)))
          .fetchOne(0, Long.class);
      if (through == null) {
        return 0;
      }
      // Everything up to the newest old event goes, so the retained events stay one unbroken
      // range above purged_through.
      advanceOrgWatermarks(tx, through);
      int deleted = tx.deleteFrom(GRANT_EVENT)
          .where(GRANT_EVENT.SEQ.le(through))
          .execute();
      tx.update(GRANT_EVENT_CONTROL)
          .set(GRANT_EVENT_CONTROL.PURGED_THROUGH, through)
          .where(GRANT_EVENT_CONTROL.ID.eq((short) 1))
          .and(GRANT_EVENT_CONTROL.PURGED_THROUGH.lt(through))
          .execute();
      return deleted;
    });
  }

  /**
   * Records, for each organisation with events up to {@code through}, its newest such event.
   * The purge holds the append lock and only ever moves forward, so each value written is
   * above the one it replaces.
   */
  private static void advanceOrgWatermarks(DSLContext tx, long through) {
    List<Query> upserts = tx.select(GRANT_EVENT.ORG_ID, DSL.max(GRANT_EVENT.SEQ))
        .from(GRANT_EVENT)
        .where(GRANT_EVENT.SEQ.le(through))
        .groupBy(GRANT_EVENT.ORG_ID)
        .fetch(row -> upsertOrgWatermark(tx, row));
    if (!upserts.isEmpty()) {
      tx.batch(upserts).execute();
    }
  }

  private static Query upsertOrgWatermark(DSLContext tx, Record2<String, Long> newest) {
    return tx.insertInto(GRANT_EVENT_ORG_PURGE)
        .set(GRANT_EVENT_ORG_PURGE.ORG_ID, newest.value1())
        .set(GRANT_EVENT_ORG_PURGE.PURGED_THROUGH, newest.value2())
        .onConflict(GRANT_EVENT_ORG_PURGE.ORG_ID)
        .doUpdate()
        .set(GRANT_EVENT_ORG_PURGE.PURGED_THROUGH, newest.value2());
  }

  /**
   * Emits EXPIRING_SOON for up to {@code limit} grants that expire after {@code now} and by
   * {@code horizon} and have had no such notice, setting the flag in the same transaction.
   * Rows another replica is working on are skipped. Returns how many were emitted.
   */
  public int emitExpiringSoon(Instant now, Instant horizon, int limit) {
    return database.dsl().transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      Result<Record5<UUID, String, UUID, String, String>> due = selectDue(tx)
          .where(API_GRANT.EXPIRING_NOTICE_SENT.isFalse())
          .and(API_GRANT.EXPIRE_TIME.gt(utc(now)))
          .and(API_GRANT.EXPIRE_TIME.le(utc(horizon)))
          .orderBy(API_GRANT.EXPIRE_TIME)
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .fetch();
      if (due.isEmpty()) {
        return 0;
      }
      tx.update(API_GRANT)
          .set(API_GRANT.EXPIRING_NOTICE_SENT, true)
          .where(API_GRANT.ID.in(due.getValues(API_GRANT.ID)))
          .execute();
      appendAll(tx, GrantEventType.EXPIRING_SOON, due, now);
      return due.size();
    });
  }

  /**
   * Emits EXPIRED for up to {@code limit} grants expired by {@code now} that have had no such
   * notice. A grant that expired before its EXPIRING_SOON went out gets only EXPIRED: both
   * flags are set. Returns how many were emitted.
   */
  public int emitExpired(Instant now, int limit) {
    return database.dsl().transactionResult(configuration -> {
      DSLContext tx = configuration.dsl();
      Result<Record5<UUID, String, UUID, String, String>> due = selectDue(tx)
          .where(API_GRANT.EXPIRED_NOTICE_SENT.isFalse())
          .and(API_GRANT.EXPIRE_TIME.le(utc(now)))
          .orderBy(API_GRANT.EXPIRE_TIME)
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .fetch();
      if (due.isEmpty()) {
        return 0;
      }
      tx.update(API_GRANT)
          .set(API_GRANT.EXPIRED_NOTICE_SENT, true)
          .set(API_GRANT.EXPIRING_NOTICE_SENT, true)
          .where(API_GRANT.ID.in(due.getValues(API_GRANT.ID)))
          .execute();
      appendAll(tx, GrantEventType.EXPIRED, due, now);
      return due.size();
    });
  }

  private static org.jooq.SelectJoinStep<Record5<UUID, String, UUID, String, String>> selectDue(
      DSLContext tx) {
    return tx.select(API_GRANT.ID, API_GRANT.ORG_ID, API_GRANT.CLIENT_ID, API_GRANT.WORKSPACE_ID,
            API_GRANT.USERNAME)
        .from(API_GRANT);
  }

  private static void appendAll(DSLContext tx, GrantEventType type,
      Result<Record5<UUID, String, UUID, String, String>> grants, Instant now) {
    for (Record5<UUID, String, UUID, String, String> grant : grants) {
      EventOutbox.append(tx, type, grant.value2(), grant.value1(), grant.value3(),
          grant.value4(), grant.value5(), now);
    }
  }

  private static void lockAppends(DSLContext tx) {
    tx.select(GRANT_EVENT_CONTROL.ID)
        .from(GRANT_EVENT_CONTROL)
        .where(GRANT_EVENT_CONTROL.ID.eq((short) 1))
        .forUpdate()
        .fetch();
  }
}

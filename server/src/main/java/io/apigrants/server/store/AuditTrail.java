package io.apigrants.server.store;

import static io.apigrants.server.store.schema.Tables.AUDIT_CHANGE;
import static io.apigrants.server.store.schema.Tables.AUDIT_EVENT;

import io.apigrants.server.store.schema.tables.records.AuditChangeRecord;
import io.apigrants.server.store.schema.tables.records.AuditEventRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;

/** Reads the audit trail of an organisation, newest first. */
public final class AuditTrail {
  private final Database database;

  public AuditTrail(Database database) {
    this.database = database;
  }

  /**
   * One page of the organisation's audit events, newest first, optionally only those about
   * {@code target} or caused by {@code actor}; {@code cursor} comes from the previous page.
   */
  public Page<AuditRecord> list(String org, Optional<String> target, Optional<String> actor,
      Optional<String> cursor, int pageSize) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(AUDIT_EVENT.ORG_ID.eq(org));
    target.map(AUDIT_EVENT.TARGET::eq).ifPresent(conditions::add);
    actor.map(AUDIT_EVENT.ACTOR::eq).ifPresent(conditions::add);
    cursor.map(Long::parseLong).map(AUDIT_EVENT.ID::lt).ifPresent(conditions::add);
    List<AuditEventRecord> events = database.dsl().selectFrom(AUDIT_EVENT)
        .where(conditions)
        .orderBy(AUDIT_EVENT.ID.desc())
        .limit(pageSize + 1)
        .fetch();
    List<AuditEventRecord> page = events.subList(0, Math.min(pageSize, events.size()));

    Map<Long, List<AuditChangeRecord>> changes = page.isEmpty() ? Map.of()
        : database.dsl().selectFrom(AUDIT_CHANGE)
            .where(AUDIT_CHANGE.EVENT_ID.in(page.stream().map(AuditEventRecord::getId).toList()))
            .orderBy(AUDIT_CHANGE.EVENT_ID, AUDIT_CHANGE.POSITION)
            .fetch()
            .stream()
            .collect(Collectors.groupingBy(AuditChangeRecord::getEventId));
    return Page.of(events, pageSize, event -> toRecord(event,
            changes.getOrDefault(event.getId(), List.of())),
        event -> Long.toString(event.getId()));
  }

  private static AuditRecord toRecord(AuditEventRecord event, List<AuditChangeRecord> changes) {
    AuditEntry entry = new AuditEntry(event.getOrgId(), event.getActor(), event.getAction(),
        event.getTarget(), Optional.ofNullable(event.getRequestId()),
        changes.stream()
            .map(c -> new AuditEntry.Change(c.getField(), c.getOldValue(), c.getNewValue()))
            .toList());
    return new AuditRecord(event.getId(), event.getEventTime().toInstant(), entry);
  }
}

package io.apigrants.server.store;

import java.time.Instant;

/** An audit event as recorded: its id and time, and what it says. */
public record AuditRecord(long id, Instant eventTime, AuditEntry entry) {

  /** Resource name, {@code auditEvents/{id}}. */
  public String name() {
    return "auditEvents/" + id;
  }
}

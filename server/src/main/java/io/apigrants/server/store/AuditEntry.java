package io.apigrants.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit record to write: who did what to which resource, and each field's old and new value.
 * Never put a secret or a secret hash in it; a secret hint is fine.
 */
public record AuditEntry(
    String org,
    String actor,
    String action,
    String target,
    Optional<String> requestId,
    List<Change> changes) {

  public AuditEntry {
    changes = List.copyOf(changes);
  }

  /** One field's value before and after; null means absent. */
  public record Change(String field, String oldValue, String newValue) {}

  /** Starts an entry; add changes with {@link Builder#change}. */
  public static Builder builder(String org, String actor, String action, String target) {
    return new Builder(org, actor, action, target);
  }

  /** Collects changes, skipping fields whose value did not change. */
  public static final class Builder {
    private final String org;
    private final String actor;
    private final String action;
    private final String target;
    private String requestId;
    private final List<Change> changes = new ArrayList<>();

    private Builder(String org, String actor, String action, String target) {
      this.org = org;
      this.actor = actor;
      this.action = action;
      this.target = target;
    }

    public Builder requestId(String id) {
      this.requestId = id == null || id.isEmpty() ? null : id;
      return this;
    }

    public Builder change(String field, Object oldValue, Object newValue) {
      String before = oldValue == null ? null : oldValue.toString();
      String after = newValue == null ? null : newValue.toString();
      if (!Objects.equals(before, after)) {
        changes.add(new Change(field, before, after));
      }
      return this;
    }

    public AuditEntry build() {
      return new AuditEntry(org, actor, action, target, Optional.ofNullable(requestId), changes);
    }
  }
}

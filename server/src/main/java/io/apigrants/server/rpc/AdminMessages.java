package io.apigrants.server.rpc;

import com.google.protobuf.Duration;
import io.apigrants.server.grant.GrantPolicy;
import io.apigrants.server.grant.ScopeCatalog;
import io.apigrants.server.grant.StoredUser;
import io.apigrants.server.grant.StoredWorkspace;
import io.apigrants.server.store.AuditEntry;
import io.apigrants.server.store.AuditRecord;
import io.apigrants.v1.AuditEvent;
import io.apigrants.v1.OrgPolicy;
import io.apigrants.v1.Scope;
import io.apigrants.v1.User;
import io.apigrants.v1.Workspace;

/** Turns directory, policy, catalog and audit records into their messages. */
final class AdminMessages {
  private AdminMessages() {}

  static Workspace toProto(StoredWorkspace workspace) {
    return Workspace.newBuilder()
        .setId(workspace.id())
        .setDisplayName(workspace.displayName())
        .setCreateTime(GrantMessages.timestamp(workspace.createTime()))
        .build();
  }

  static User toProto(StoredUser user) {
    return User.newBuilder()
        .setUsername(user.username())
        .setDisplayName(user.displayName())
        .setState(user.disabled() ? User.State.DISABLED : User.State.ACTIVE)
        .setCreateTime(GrantMessages.timestamp(user.createTime()))
        .setUpdateTime(GrantMessages.timestamp(user.updateTime()))
        .build();
  }

  static OrgPolicy toProto(GrantPolicy policy) {
    OrgPolicy.Builder message = OrgPolicy.newBuilder()
        .setMaxGrantLifetime(duration(policy.maxGrantLifetime()))
        .setRequireIpAllowlist(policy.requireIpAllowlist())
        .addAllAllowedScopes(policy.allowedScopes())
        .setMaxPreviousSecretTtl(duration(policy.maxPreviousSecretTtl()))
        .setEtag(policy.etag());
    policy.updateTime().map(GrantMessages::timestamp).ifPresent(message::setUpdateTime);
    return message.build();
  }

  static Scope toProto(ScopeCatalog.Scope scope) {
    return Scope.newBuilder()
        .setId(scope.id())
        .setDisplayName(scope.displayName())
        .build();
  }

  static AuditEvent toProto(AuditRecord record) {
    AuditEntry entry = record.entry();
    AuditEvent.Builder message = AuditEvent.newBuilder()
        .setName(record.name())
        .setEventTime(GrantMessages.timestamp(record.eventTime()))
        .setActor(entry.actor())
        .setAction(entry.action())
        .setTarget(entry.target());
    entry.requestId().ifPresent(message::setRequestId);
    for (AuditEntry.Change change : entry.changes()) {
      AuditEvent.FieldChange.Builder field = AuditEvent.FieldChange.newBuilder()
          .setField(change.field());
      // Absent values (creation, deletion) stay unset: proto strings cannot be null.
      if (change.oldValue() != null) {
        field.setOldValue(change.oldValue());
      }
      if (change.newValue() != null) {
        field.setNewValue(change.newValue());
      }
      message.addChanges(field);
    }
    return message.build();
  }

  static java.time.Duration duration(Duration duration) {
    return java.time.Duration.ofSeconds(duration.getSeconds(), duration.getNanos());
  }

  static Duration duration(java.time.Duration duration) {
    return Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }
}

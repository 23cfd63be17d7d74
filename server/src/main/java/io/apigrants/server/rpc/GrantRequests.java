package io.apigrants.server.rpc;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.apigrants.server.grant.Directory;
import io.apigrants.server.grant.FieldViolations;
import io.apigrants.server.grant.GrantEdit;
import io.apigrants.server.grant.GrantField;
import io.apigrants.server.grant.GrantFields;
import io.apigrants.server.grant.GrantNames;
import io.apigrants.server.grant.GrantRules;
import io.apigrants.server.grant.InvalidArgumentException;
import io.apigrants.v1.Grant;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the grant in a create or update request into validated domain values, adding a
 * violation for each bad field so that one answer names them all.
 */
final class GrantRequests {
  private final GrantRules rules;

  GrantRequests(GrantRules rules) {
    this.rules = rules;
  }

  /** Every field of a new grant, each validated; a bad one is empty and has a violation. */
  NewGrant newGrant(Grant grant, Directory directory, FieldViolations violations) {
    return new NewGrant(
        rules.workspace(grant.getWorkspace(), directory, violations),
        new GrantEdit(
            rules.clientName(grant.getClientName(), violations),
            rules.username(grant.getUsername(), directory, violations),
            rules.scopes(grant.getScopesList(), violations),
            expireTime(grant, violations),
            rules.ipAllowlist(grant.getIpAllowlistList(), violations)));
  }

  /** The well-formed fields of a new grant: the workspace, and every other field's value. */
  record NewGrant(Optional<String> workspace, GrantEdit values) {
    /** The grant's fields when every one is well-formed. */
    Optional<GrantFields> complete() {
      if (workspace.isEmpty() || values.clientName().isEmpty() || values.username().isEmpty()
          || values.scopes().isEmpty() || values.expireTime().isEmpty()
          || values.ipAllowlist().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new GrantFields(values.clientName().get(), workspace.get(),
          values.username().get(), values.scopes().get(), values.expireTime().get(),
          values.ipAllowlist().get()));
    }
  }

  /** The new values of the fields in {@code mask}, each validated. */
  GrantEdit edit(Grant grant, Set<GrantField> mask, Directory directory,
      FieldViolations violations) {
    return new GrantEdit(
        mask.contains(GrantField.CLIENT_NAME)
            ? rules.clientName(grant.getClientName(), violations) : Optional.empty(),
        mask.contains(GrantField.USERNAME)
            ? rules.username(grant.getUsername(), directory, violations) : Optional.empty(),
        mask.contains(GrantField.SCOPES)
            ? rules.scopes(grant.getScopesList(), violations) : Optional.empty(),
        mask.contains(GrantField.EXPIRE_TIME)
            ? expireTime(grant, violations) : Optional.empty(),
        mask.contains(GrantField.IP_ALLOWLIST)
            ? rules.ipAllowlist(grant.getIpAllowlistList(), violations) : Optional.empty());
  }

  /** The grant id in a {@code grants/{id}} name; a bad name adds a violation on {@code field}. */
  static Optional<UUID> grantId(String name, String field, FieldViolations violations) {
    try {
      return Optional.of(GrantNames.parse(name, field));
    } catch (InvalidArgumentException e) {
      e.violations().forEach(v -> violations.add(v.field(), v.description()));
      return Optional.empty();
    }
  }

  private Optional<Instant> expireTime(Grant grant, FieldViolations violations) {
    if (!grant.hasExpireTime()) {
      return rules.expireTime(Optional.empty(), violations);
    }
    Timestamp time = grant.getExpireTime();
    if (!Timestamps.isValid(time)) {
      violations.add(GrantField.EXPIRE_TIME.requestField(), "not a valid timestamp");
      return Optional.empty();
    }
    return rules.expireTime(
        Optional.of(Instant.ofEpochSecond(time.getSeconds(), time.getNanos())), violations);
  }
}

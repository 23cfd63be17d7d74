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
import java.util.List;
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

  /** Every field of a new grant; empty when any is bad (each then has a violation). */
  Optional<GrantFields> newGrant(Grant grant, Directory directory,
      FieldViolations violations) {
    Optional<String> clientName = rules.clientName(grant.getClientName(), violations);
    Optional<String> workspace = rules.workspace(grant.getWorkspace(), directory, violations);
    Optional<String> username = rules.username(grant.getUsername(), directory, violations);
    Optional<List<String>> scopes = rules.scopes(grant.getScopesList(), violations);
    Optional<Instant> expireTime = expireTime(grant, violations);
    Optional<List<String>> allowlist = rules.ipAllowlist(grant.getIpAllowlistList(), violations);
    if (clientName.isEmpty() || workspace.isEmpty() || username.isEmpty() || scopes.isEmpty()
        || expireTime.isEmpty() || allowlist.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new GrantFields(clientName.get(), workspace.get(), username.get(),
        scopes.get(), expireTime.get(), allowlist.get()));
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

package io.apigrants.server.store;

import io.apigrants.server.grant.StoredGrant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The audited fields of a grant: what an admin would want to see changed. Never a secret. */
final class GrantAudit {
  private GrantAudit() {}

  /** Adds a change for every audited field that differs between {@code before} and after. */
  static AuditEntry.Builder describe(AuditEntry.Builder entry, Optional<StoredGrant> before,
      Optional<StoredGrant> after) {
    entry.change("client_name", value(before, StoredGrant::clientName),
        value(after, StoredGrant::clientName));
    entry.change("workspace", value(before, StoredGrant::workspace),
        value(after, StoredGrant::workspace));
    entry.change("username", value(before, StoredGrant::username),
        value(after, StoredGrant::username));
    entry.change("scopes", list(before, StoredGrant::scopes), list(after, StoredGrant::scopes));
    entry.change("expire_time", value(before, StoredGrant::expireTime),
        value(after, StoredGrant::expireTime));
    entry.change("ip_allowlist", list(before, StoredGrant::ipAllowlist),
        list(after, StoredGrant::ipAllowlist));
    entry.change("state", value(before, GrantAudit::state), value(after, GrantAudit::state));
    entry.change("secret_state", value(before, StoredGrant::secretState),
        value(after, StoredGrant::secretState));
    // A hint is the non-secret first characters, shown to users anyway.
    entry.change("secret_hint", before.flatMap(StoredGrant::secretHint).orElse(null),
        after.flatMap(StoredGrant::secretHint).orElse(null));
    return entry;
  }

  private static String state(StoredGrant grant) {
    return grant.disabled() ? "DISABLED" : "ENABLED";
  }

  private static Object value(Optional<StoredGrant> grant,
      Function<StoredGrant, Object> field) {
    return grant.map(field).orElse(null);
  }

  private static String list(Optional<StoredGrant> grant,
      Function<StoredGrant, List<String>> field) {
    // An empty list is recorded as absent, so a create without an allowlist lists no change.
    return grant.map(field)
        .filter(values -> !values.isEmpty())
        .map(values -> String.join(",", values))
        .orElse(null);
  }
}

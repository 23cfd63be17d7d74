package io.apigrants.server.grant;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validated new values of the fields an update mask named; the others are empty. The
 * workspace is never among them: it is fixed at creation.
 */
public record GrantEdit(
    Optional<String> clientName,
    Optional<String> username,
    Optional<List<String>> scopes,
    Optional<Instant> expireTime,
    Optional<List<String>> ipAllowlist) {

  /** {@code current} with the named fields replaced. */
  public GrantFields applyTo(GrantFields current) {
    return new GrantFields(
        clientName.orElse(current.clientName()),
        current.workspace(),
        username.orElse(current.username()),
        scopes.orElse(current.scopes()),
        expireTime.orElse(current.expireTime()),
        ipAllowlist.orElse(current.ipAllowlist()));
  }

  /** The fields whose value differs between {@code before} and {@code after}. */
  public static Set<GrantField> changed(GrantFields before, GrantFields after) {
    Set<GrantField> changed = EnumSet.noneOf(GrantField.class);
    if (!before.clientName().equals(after.clientName())) {
      changed.add(GrantField.CLIENT_NAME);
    }
    if (!before.username().equals(after.username())) {
      changed.add(GrantField.USERNAME);
    }
    if (!before.scopes().equals(after.scopes())) {
      changed.add(GrantField.SCOPES);
    }
    if (!before.expireTime().equals(after.expireTime())) {
      changed.add(GrantField.EXPIRE_TIME);
    }
    if (!before.ipAllowlist().equals(after.ipAllowlist())) {
      changed.add(GrantField.IP_ALLOWLIST);
    }
    return changed;
  }
}

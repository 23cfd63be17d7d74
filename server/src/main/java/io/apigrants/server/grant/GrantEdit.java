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

  /** The values of {@code fields} named in {@code named}; the others empty. */
  public static GrantEdit of(GrantFields fields, Set<GrantField> named) {
    return new GrantEdit(
        Optional.of(fields.clientName()).filter(v -> named.contains(GrantField.CLIENT_NAME)),
        Optional.of(fields.username()).filter(v -> named.contains(GrantField.USERNAME)),
        Optional.of(fields.scopes()).filter(v -> named.contains(GrantField.SCOPES)),
        Optional.of(fields.expireTime()).filter(v -> named.contains(GrantField.EXPIRE_TIME)),
        Optional.of(fields.ipAllowlist()).filter(v -> named.contains(GrantField.IP_ALLOWLIST)));
  }

  /** This edit without the values {@code current} already has. */
  public GrantEdit changesTo(GrantFields current) {
    GrantFields after = applyTo(current);
    return of(after, changed(current, after));
  }

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

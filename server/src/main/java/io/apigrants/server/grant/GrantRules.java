package io.apigrants.server.grant;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The format rules of a grant's fields, which hold whatever the organisation's state. Each method
 * returns the normalised value, or adds a violation naming the request field and returns empty,
 * so one answer can name every bad field.
 *
 * <p>The directory is consulted here; the organisation policy is checked in the write's
 * transaction (see {@link GrantPolicy#check}), and {@link #addPolicyViolations} adds its
 * objections to a request that is malformed anyway.
 */
public final class GrantRules {
  public static final int MAX_CLIENT_NAME = 100;
  public static final int MAX_IP_ALLOWLIST = 100;
  public static final int MAX_REQUEST_ID = 100;
  private static final String INACTIVE_USER = "must name an active user of this organisation";
  /** Longer lists are refused before looking at entries, so a hostile list costs little. */
  private static final int MAX_RAW_LIST = 1000;

  private final ScopeCatalog catalog;
  private final Clock clock;

  public GrantRules(ScopeCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Trimmed, 1 to 100 characters, no control characters. */
  public Optional<String> clientName(String raw, FieldViolations violations) {
    return DirectoryRules.displayName(raw, GrantField.CLIENT_NAME.requestField(), 1,
        MAX_CLIENT_NAME, violations);
  }

  /** A workspace id of the organisation (format first, then existence). */
  public Optional<String> workspace(String raw, Directory directory,
      FieldViolations violations) {
    String field = GrantField.WORKSPACE_FIELD;
    Optional<String> id = DirectoryRules.workspaceId(raw, field, violations);
    if (id.isPresent() && !directory.hasWorkspace(id.get())) {
      violations.add(field, "no such workspace in this organisation");
      return Optional.empty();
    }
    return id;
  }

  /** The username of an active user of the organisation (format first, then the directory). */
  public Optional<String> username(String raw, Directory directory,
      FieldViolations violations) {
    String field = GrantField.USERNAME.requestField();
    Optional<String> username = DirectoryRules.username(raw, field, violations);
    if (username.isPresent() && !directory.hasActiveUser(username.get())) {
      violations.add(field, INACTIVE_USER);
      return Optional.empty();
    }
    return username;
  }

  /**
   * The refusal of a username found inactive when the write re-checks it in its transaction
   * (the user was disabled since the request was validated): as if validation had seen it.
   */
  public static InvalidArgumentException inactiveUser() {
    return InvalidArgumentException.of(GrantField.USERNAME.requestField(), INACTIVE_USER);
  }

  /** At least one scope, each from the catalog; duplicates folded, sorted. */
  public Optional<List<String>> scopes(List<String> raw, FieldViolations violations) {
    String field = GrantField.SCOPES.requestField();
    if (raw.isEmpty()) {
      violations.add(field, "name at least one scope");
      return Optional.empty();
    }
    if (raw.size() > MAX_RAW_LIST) {
      violations.add(field, "too many entries");
      return Optional.empty();
    }
    SortedSet<String> scopes = new TreeSet<>();
    boolean valid = true;
    for (int i = 0; i < raw.size(); i++) {
      String scope = raw.get(i);
      if (catalog.contains(scope)) {
        scopes.add(scope);
      } else {
        violations.add(field + "[" + i + "]", "not a scope of the catalog (see ListScopes)");
        valid = false;
      }
    }
    return valid ? Optional.of(List.copyOf(scopes)) : Optional.empty();
  }

  /**
   * Required and in the future. Kept to the microsecond, the precision the database stores, so
   * what is read back equals what was written.
   */
  public Optional<Instant> expireTime(Optional<Instant> raw, FieldViolations violations) {
    String field = GrantField.EXPIRE_TIME.requestField();
    if (raw.isEmpty()) {
      violations.add(field, "required");
      return Optional.empty();
    }
    Instant expireTime = raw.get().truncatedTo(ChronoUnit.MICROS);
    if (!expireTime.isAfter(clock.instant())) {
      violations.add(field, "must be in the future");
      return Optional.empty();
    }
    return Optional.of(expireTime);
  }

  /**
   * Addresses or CIDR ranges, IPv4 or IPv6, surrounding spaces ignored; normalised to their
   * canonical text, duplicates folded, sorted, at most 100. May be empty (any address).
   */
  public Optional<List<String>> ipAllowlist(List<String> raw, FieldViolations violations) {
    String field = GrantField.IP_ALLOWLIST.requestField();
    if (raw.size() > MAX_RAW_LIST) {
      violations.add(field, "at most " + MAX_IP_ALLOWLIST + " entries");
      return Optional.empty();
    }
    SortedSet<String> entries = new TreeSet<>();
    boolean valid = true;
    for (int i = 0; i < raw.size(); i++) {
      Optional<IpRange> range = IpRange.parse(raw.get(i).strip());
      if (range.isPresent()) {
        entries.add(range.get().toString());
      } else {
        violations.add(field + "[" + i + "]",
            "must be an IPv4 or IPv6 address or CIDR range, such as 192.0.2.0/24");
        valid = false;
      }
    }
    if (valid && entries.size() > MAX_IP_ALLOWLIST) {
      violations.add(field, "at most " + MAX_IP_ALLOWLIST + " entries");
      return Optional.empty();
    }
    return valid ? Optional.of(List.copyOf(entries)) : Optional.empty();
  }

  /**
   * Adds the policy violations of the well-formed values in {@code wellFormed}, for a request
   * that fails anyway, so that its one answer names everything wrong with it. (A well-formed
   * request that breaks the policy fails later, inside the write's transaction.)
   */
  public void addPolicyViolations(GrantPolicy policy, GrantEdit wellFormed,
      FieldViolations violations) {
    policy.violations(wellFormed, clock.instant()).forEach(violations::addPolicy);
  }

  /** An optional idempotency key: empty means none; else 1 to 100 printable characters. */
  public static Optional<String> requestId(String raw, String field,
      FieldViolations violations) {
    return Texts.lookupText(raw, field, MAX_REQUEST_ID, violations);
  }
}

package io.apigrants.server.grant;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The format rules of policy fields. Each method returns the value, or adds a violation naming
 * the request field and returns empty.
 */
public final class PolicyRules {
  /** Grants may be allowed to live ten years at most: a credential should be renewed. */
  public static final Duration MAX_GRANT_LIFETIME = Duration.ofDays(3650);
  /** Two secrets may stay valid side by side for a month at most. */
  public static final Duration MAX_PREVIOUS_SECRET_TTL = Duration.ofDays(30);
  private static final int MAX_RAW_LIST = 1000;

  private final ScopeCatalog catalog;

  public PolicyRules(ScopeCatalog catalog) {
    this.catalog = catalog;
  }

  /** More than zero, whole seconds, at most ten years. */
  public Optional<Duration> maxGrantLifetime(Duration raw, FieldViolations violations) {
    return duration(raw, PolicyField.MAX_GRANT_LIFETIME.requestField(), Duration.ofSeconds(1),
        MAX_GRANT_LIFETIME, violations);
  }

  /** Zero or more, whole seconds, at most thirty days. */
  public Optional<Duration> maxPreviousSecretTtl(Duration raw, FieldViolations violations) {
    return duration(raw, PolicyField.MAX_PREVIOUS_SECRET_TTL.requestField(), Duration.ZERO,
        MAX_PREVIOUS_SECRET_TTL, violations);
  }

  /** Scopes of the catalog, duplicates folded; empty means every scope. */
  public Optional<SortedSet<String>> allowedScopes(List<String> raw,
      FieldViolations violations) {
    String field = PolicyField.ALLOWED_SCOPES.requestField();
    if (raw.size() > MAX_RAW_LIST) {
      violations.add(field, "too many entries");
      return Optional.empty();
    }
    SortedSet<String> scopes = new TreeSet<>();
    boolean valid = true;
    for (int i = 0; i < raw.size(); i++) {
      if (catalog.contains(raw.get(i))) {
        scopes.add(raw.get(i));
      } else {
        violations.add(field + "[" + i + "]", "not a scope of the catalog (see ListScopes)");
        valid = false;
      }
    }
    return valid ? Optional.of(scopes) : Optional.empty();
  }

  private static Optional<Duration> duration(Duration raw, String field, Duration min,
      Duration max, FieldViolations violations) {
    if (raw.getNano() != 0) {
      violations.add(field, "must be whole seconds");
      return Optional.empty();
    }
    if (raw.compareTo(min) < 0 || raw.compareTo(max) > 0) {
      violations.add(field, "must be between " + min + " and " + max);
      return Optional.empty();
    }
    return Optional.of(raw);
  }
}

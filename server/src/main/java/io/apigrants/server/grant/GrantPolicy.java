package io.apigrants.server.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An organisation's rules for grants. An organisation that never set one has
 * {@link #defaults()}.
 *
 * @param allowedScopes scope ids that may be granted; empty means every scope of the catalog
 * @param version 0 while the organisation uses the defaults; the etag is derived from it
 * @param updateTime empty while the organisation uses the defaults
 */
public record GrantPolicy(
    Duration maxGrantLifetime,
    boolean requireIpAllowlist,
    SortedSet<String> allowedScopes,
    Duration maxPreviousSecretTtl,
    long version,
    Optional<Instant> updateTime) {

  public static final Duration DEFAULT_MAX_GRANT_LIFETIME = Duration.ofDays(365);
  public static final Duration DEFAULT_MAX_PREVIOUS_SECRET_TTL = Duration.ofHours(24);

  public GrantPolicy {
    allowedScopes = new TreeSet<>(allowedScopes);
  }

  /** A year's lifetime, no allowlist required, every scope, a day's rotation grace at most. */
  public static GrantPolicy defaults() {
    return new GrantPolicy(DEFAULT_MAX_GRANT_LIFETIME, false, new TreeSet<>(),
        DEFAULT_MAX_PREVIOUS_SECRET_TTL, 0, Optional.empty());
  }

  @Override
  public SortedSet<String> allowedScopes() {
    return new TreeSet<>(allowedScopes);
  }

  /** Whether grants may carry {@code scope} (an empty allowed set allows every scope). */
  public boolean allowsScope(String scope) {
    return allowedScopes.isEmpty() || allowedScopes.contains(scope);
  }

  /** Opaque version tag for optimistic concurrency. */
  public String etag() {
    return Etags.format(version);
  }

  /** Whether the rule values (not version or time) equal {@code other}'s. */
  public boolean sameRulesAs(GrantPolicy other) {
    return maxGrantLifetime.equals(other.maxGrantLifetime)
        && requireIpAllowlist == other.requireIpAllowlist
        && allowedScopes.equals(other.allowedScopes)
        && maxPreviousSecretTtl.equals(other.maxPreviousSecretTtl);
  }

  /**
   * Checks the {@code checked} fields of a grant against this policy at {@code now}; fields not
   * named are left alone, so tightening the policy does not block unrelated edits of grants made
   * before. Throws {@link PreconditionException} naming every field that breaks it.
   */
  public void check(GrantFields grant, Set<GrantField> checked, Instant now) {
    List<InvalidArgumentException.FieldViolation> violations =
        violations(GrantEdit.of(grant, checked), now);
    if (!violations.isEmpty()) {
      throw new PreconditionException("the grant breaks the organisation policy", violations);
    }
  }

  /** One violation per value present in {@code values} that breaks this policy at {@code now}. */
  public List<InvalidArgumentException.FieldViolation> violations(GrantEdit values,
      Instant now) {
    List<InvalidArgumentException.FieldViolation> violations = new ArrayList<>();
    values.scopes()
        .map(scopes -> scopes.stream().filter(s -> !allowsScope(s)).toList())
        .filter(refused -> !refused.isEmpty())
        .ifPresent(refused -> violations.add(new InvalidArgumentException.FieldViolation(
            GrantField.SCOPES.requestField(), "not allowed: " + String.join(", ", refused))));
    values.expireTime()
        .filter(expireTime -> expireTime.isAfter(now.plus(maxGrantLifetime)))
        .ifPresent(expireTime -> violations.add(new InvalidArgumentException.FieldViolation(
            GrantField.EXPIRE_TIME.requestField(),
            "grants may last at most " + maxGrantLifetime.toDays() + " days ("
                + maxGrantLifetime + ") from now")));
    values.ipAllowlist()
        .filter(allowlist -> requireIpAllowlist && allowlist.isEmpty())
        .ifPresent(allowlist -> violations.add(new InvalidArgumentException.FieldViolation(
            GrantField.IP_ALLOWLIST.requestField(), "an IP allowlist is required")));
    return violations;
  }
}

package io.apigrants.server.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedSet;

/** The validated new values of the policy fields an update mask named; the others are empty. */
public record PolicyEdit(
    Optional<Duration> maxGrantLifetime,
    Optional<Boolean> requireIpAllowlist,
    Optional<SortedSet<String>> allowedScopes,
    Optional<Duration> maxPreviousSecretTtl) {

  /** {@code current} with the named fields replaced, at the next version. */
  public GrantPolicy applyTo(GrantPolicy current, Instant now) {
    return new GrantPolicy(
        maxGrantLifetime.orElse(current.maxGrantLifetime()),
        requireIpAllowlist.orElse(current.requireIpAllowlist()),
        allowedScopes.orElse(current.allowedScopes()),
        maxPreviousSecretTtl.orElse(current.maxPreviousSecretTtl()),
        current.version() + 1,
        Optional.of(now));
  }
}

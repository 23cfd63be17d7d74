package io.apigrants.server.verify;

import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.v1.InactiveReason;
import java.util.Optional;

/**
 * The answer to one secret verification: active with the grant the secret stands for, or
 * inactive with the first reason that failed. A failed verification is an answer, not an error.
 */
public record Verification(Optional<GrantSnapshot> grant, InactiveReason reason) {

  static Verification active(GrantSnapshot grant) {
    return new Verification(Optional.of(grant), InactiveReason.INACTIVE_REASON_UNSPECIFIED);
  }

  static Verification inactive(InactiveReason reason) {
    return new Verification(Optional.empty(), reason);
  }

  public boolean isActive() {
    return grant.isPresent();
  }
}

package io.apigrants.server.token;

import io.apigrants.v1.InactiveReason;
import java.util.Optional;

/**
 * The answer about one access token: its claims when active, otherwise why not.
 *
 * <p>An inactive token is an answer, not an error.
 */
public record AccessTokenVerdict(Optional<AccessTokenClaims> claims, InactiveReason reason) {

  static AccessTokenVerdict active(AccessTokenClaims claims) {
    return new AccessTokenVerdict(Optional.of(claims), InactiveReason.INACTIVE_REASON_UNSPECIFIED);
  }

  static AccessTokenVerdict inactive(InactiveReason reason) {
    return new AccessTokenVerdict(Optional.empty(), reason);
  }

  public boolean isActive() {
    return claims.isPresent();
  }
}

package io.apigrants.server.grant;

import java.time.Instant;
import java.util.Optional;

/**
 * A live secret as found by its hash: the grant it vouches for and, for a previous secret kept
 * through a rotation, the end of its grace period. Cached answers re-check that end at answer
 * time, as the lookup would.
 */
public record LiveSecret(GrantSnapshot grant, Optional<Instant> expireTime) {

  /** Whether the secret itself (not its grant) has stopped being live at {@code now}. */
  public boolean hasEnded(Instant now) {
    return expireTime.isPresent() && !expireTime.get().isAfter(now);
  }
}

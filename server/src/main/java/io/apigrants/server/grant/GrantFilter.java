package io.apigrants.server.grant;

import java.util.Optional;

/** Which grants a list shows; each empty part matches every grant. */
public record GrantFilter(
    Optional<String> workspace, Optional<String> username, Optional<Boolean> disabled) {

  /** Every grant of the organisation. */
  public static GrantFilter all() {
    return new GrantFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }
}

package io.apigrants.server.token;

import io.apigrants.v1.InactiveReason;
import java.util.Optional;

/** The answer of a {@link CredentialCheck}: the verified grant, or why the secret is not good. */
public record CredentialOutcome(Optional<GrantIdentity> grant, InactiveReason reason) {

  public CredentialOutcome {
    if (grant.isPresent() != (reason == InactiveReason.INACTIVE_REASON_UNSPECIFIED)) {
      throw new IllegalArgumentException("either a grant or a reason, not both");
    }
  }

  public static CredentialOutcome active(GrantIdentity grant) {
    return new CredentialOutcome(Optional.of(grant), InactiveReason.INACTIVE_REASON_UNSPECIFIED);
  }

  public static CredentialOutcome inactive(InactiveReason reason) {
    return new CredentialOutcome(Optional.empty(), reason);
  }
}

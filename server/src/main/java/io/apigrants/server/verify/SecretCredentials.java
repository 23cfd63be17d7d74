package io.apigrants.server.verify;

import io.apigrants.server.grant.GrantSnapshot;
import io.apigrants.server.identity.CallerIdentity;
import io.apigrants.server.token.CredentialCheck;
import io.apigrants.server.token.CredentialOutcome;
import io.apigrants.server.token.GrantIdentity;
import java.util.List;

/**
 * IssueAccessToken's client authentication: VerifySecret's own check, for the calling service's
 * organisation, so both answer the same reasons in the same order.
 */
public final class SecretCredentials implements CredentialCheck {
  private final SecretVerifier verifier;

  public SecretCredentials(SecretVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public CredentialOutcome check(String secret, String clientIp, List<String> requiredScopes) {
    Verification verification = verifier.verify(
        CallerIdentity.current().org(), secret, clientIp, requiredScopes);
    return verification.grant()
        .map(grant -> CredentialOutcome.active(identity(grant)))
        .orElseGet(() -> CredentialOutcome.inactive(verification.reason()));
  }

  private static GrantIdentity identity(GrantSnapshot grant) {
    return new GrantIdentity(grant.id(), grant.clientId(), grant.org(), grant.workspace(),
        grant.username(), grant.scopes(), grant.expireTime(), grant.generation());
  }
}

package io.apigrants.server.token;

import java.util.List;

/**
 * Checks a grant secret exactly as VerifySecret does: format, hash lookup, grant and user
 * state, expiry, IP allowlist against {@code clientIp}, and {@code requiredScopes}.
 *
 * <p>IssueAccessToken authenticates its client through this, so both answer the same reasons.
 * Runs inside an authenticated call: an implementation may read the caller's identity. A
 * malformed request field (an unparseable {@code client_ip}, say) is thrown as
 * {@link io.apigrants.server.grant.InvalidArgumentException} naming the field.
 */
@FunctionalInterface
public interface CredentialCheck {

  /** Verifies {@code secret}; never logs, stores or echoes it. */
  CredentialOutcome check(String secret, String clientIp, List<String> requiredScopes);
}

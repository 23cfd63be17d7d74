package io.apigrants.server.token;

import io.apigrants.server.store.GrantStateCache;
import io.apigrants.v1.InactiveReason;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Answers VerifyAccessToken: the token's own checks, then whether its grant still stands.
 *
 * <p>Local checks come first (signature, expiry, scopes the token carries) so a bad token costs
 * no database read. Then the grant as stored now: deleted or of another organisation is UNKNOWN,
 * disabled, user disabled and expired say so, and a generation other than the token's (secret
 * regenerated or invalidated, username changed, disabled meanwhile) is REVOKED. A scope removed
 * from the grant after issue stops verifying too: requiring it is MISSING_SCOPE, and an active
 * answer lists only the token's scopes the grant still has. The grant's state comes from a cache
 * that every such change invalidates, so a busy token costs one comparison, not a read.
 */
public final class AccessTokenVerifier {
  private final AccessTokens tokens;
  private final GrantStateCache grants;
  private final Clock clock;

  public AccessTokenVerifier(AccessTokens tokens, GrantStateCache grants, Clock clock) {
    this.tokens = tokens;
    this.grants = grants;
    this.clock = clock;
  }

  /**
   * Verifies {@code token} for a caller of {@code callerOrg} needing {@code requiredScopes}.
   * Tokens of other organisations' grants are UNKNOWN: their existence is not leaked.
   */
  public AccessTokenVerdict verify(
      String token, Collection<String> requiredScopes, String callerOrg) {
    AccessTokenVerdict local = tokens.read(token);
    if (!local.isActive()) {
      return local;
    }
    AccessTokenClaims claims = local.claims().orElseThrow();
    if (!claims.scopes().containsAll(requiredScopes)) {
      return AccessTokenVerdict.inactive(InactiveReason.MISSING_SCOPE);
    }

    Optional<GrantState> stored = grants.find(claims.grantId());
    if (stored.isEmpty() || !stored.get().org().equals(claims.org())
        || !stored.get().org().equals(callerOrg)
        || !stored.get().clientId().equals(claims.clientId())) {
      return AccessTokenVerdict.inactive(InactiveReason.UNKNOWN);
    }
    GrantState grant = stored.get();
    Instant now = clock.instant();
    if (grant.disabled()) {
      return AccessTokenVerdict.inactive(InactiveReason.GRANT_DISABLED);
    }
    if (grant.userDisabled()) {
      return AccessTokenVerdict.inactive(InactiveReason.USER_DISABLED);
    }
    if (!grant.expireTime().isAfter(now)) {
      return AccessTokenVerdict.inactive(InactiveReason.EXPIRED);
    }
    if (grant.generation() != claims.generation()) {
      return AccessTokenVerdict.inactive(InactiveReason.REVOKED);
    }
    if (!grant.scopes().containsAll(requiredScopes)) {
      return AccessTokenVerdict.inactive(InactiveReason.MISSING_SCOPE);
    }
    if (grant.scopes().containsAll(claims.scopes())) {
      return local;
    }
    // A scope removed from the grant since issue is no longer the token's to use.
    return AccessTokenVerdict.active(claims.narrowedTo(grant.scopes()));
  }
}

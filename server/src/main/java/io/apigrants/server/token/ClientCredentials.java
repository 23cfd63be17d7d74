package io.apigrants.server.token;

import io.apigrants.v1.InactiveReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The OAuth2 client credentials exchange (RFC 6749 section 4.4): a grant's client id and secret
 * for an access token.
 *
 * <p>The secret is checked by the {@link CredentialCheck} VerifySecret uses, so the reasons and
 * the IP check are the same. A secret that verifies for another client id is refused as if it
 * were unknown: the answer does not tell that the secret is good.
 */
public final class ClientCredentials {
  /** RFC 6749 error code: the client could not be authenticated. */
  public static final String INVALID_CLIENT = "invalid_client";
  /** RFC 6749 error code: a requested scope is not the grant's. */
  public static final String INVALID_SCOPE = "invalid_scope";

  private final CredentialCheck credentials;
  private final AccessTokens tokens;

  public ClientCredentials(CredentialCheck credentials, AccessTokens tokens) {
    this.credentials = credentials;
    this.tokens = tokens;
  }

  /** The outcome of one exchange: a token, or an RFC 6749 error code with a reason. */
  public record Exchange(Optional<IssuedToken> token, String error, InactiveReason reason) {
    static Exchange issued(IssuedToken token) {
      return new Exchange(Optional.of(token), "", InactiveReason.INACTIVE_REASON_UNSPECIFIED);
    }

    static Exchange refused(String error, InactiveReason reason) {
      return new Exchange(Optional.empty(), error, reason);
    }
  }

  /**
   * Exchanges credentials for a token carrying {@code requestedScopes}, or every scope of the
   * grant when none is requested.
   */
  public Exchange exchange(
      UUID clientId, String secret, List<String> requestedScopes, String clientIp) {
    CredentialOutcome outcome = credentials.check(secret, clientIp, List.of());
    if (outcome.grant().isEmpty()) {
      return Exchange.refused(INVALID_CLIENT, outcome.reason());
    }
    GrantIdentity grant = outcome.grant().get();
    if (!grant.clientId().equals(clientId)) {
      return Exchange.refused(INVALID_CLIENT, InactiveReason.UNKNOWN);
    }

    List<String> scopes = requestedScopes.isEmpty()
        ? grant.scopes() : new ArrayList<>(new TreeSet<>(requestedScopes));
    if (!grant.scopes().containsAll(scopes)) {
      return Exchange.refused(INVALID_SCOPE, InactiveReason.INACTIVE_REASON_UNSPECIFIED);
    }
    return Exchange.issued(tokens.issue(grant, scopes));
  }
}

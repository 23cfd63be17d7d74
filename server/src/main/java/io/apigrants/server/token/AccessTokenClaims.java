package io.apigrants.server.token;

import io.apigrants.server.grant.GrantNames;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What a correctly signed access token of this server says.
 *
 * @param generation the grant's generation at issue
 */
public record AccessTokenClaims(
    UUID grantId,
    UUID clientId,
    String org,
    String workspace,
    String username,
    List<String> scopes,
    Instant issueTime,
    Instant expireTime,
    String tokenId,
    long generation) {

  public AccessTokenClaims {
    scopes = List.copyOf(scopes);
  }

  /** Resource name of the grant, {@code grants/{id}}. */
  public String grant() {
    return GrantNames.format(grantId);
  }

  /** These claims with only those of their scopes that {@code allowed} holds, in order. */
  AccessTokenClaims narrowedTo(Collection<String> allowed) {
    List<String> kept = scopes.stream().filter(allowed::contains).toList();
    return new AccessTokenClaims(grantId, clientId, org, workspace, username, kept, issueTime,
        expireTime, tokenId, generation);
  }
}

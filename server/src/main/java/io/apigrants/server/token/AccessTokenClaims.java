package io.apigrants.server.token;

import io.apigrants.server.grant.GrantNames;
import java.time.Instant;
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
}

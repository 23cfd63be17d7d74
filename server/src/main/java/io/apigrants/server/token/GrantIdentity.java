package io.apigrants.server.token;

import io.apigrants.server.grant.GrantNames;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Who a verified grant credential belongs to, as of the verification.
 *
 * @param generation the grant's generation when its credential verified; an access token
 *     carries it and stops verifying once the grant's generation moves on
 */
public record GrantIdentity(
    UUID grantId,
    UUID clientId,
    String org,
    String workspace,
    String username,
    List<String> scopes,
    Instant expireTime,
    long generation) {

  public GrantIdentity {
    scopes = List.copyOf(scopes);
  }

  /** Resource name, {@code grants/{id}}. */
  public String name() {
    return GrantNames.format(grantId);
  }
}

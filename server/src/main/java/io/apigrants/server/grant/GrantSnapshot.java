package io.apigrants.server.grant;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a live secret vouches for: its grant and the state of the grant's user, read in one
 * lookup. Verification decides on this alone.
 *
 * @param userDisabled whether the user named on the grant is disabled in the directory
 * @param secretHint the hint of the matched secret (not secret), for logs
 * @param generation the grant's generation as read, which access tokens issued now carry
 */
public record GrantSnapshot(
    UUID id,
    UUID clientId,
    String org,
    String workspace,
    String username,
    List<String> scopes,
    IpAllowlist ipAllowlist,
    Instant expireTime,
    boolean disabled,
    boolean userDisabled,
    String secretHint,
    long generation) {

  public GrantSnapshot {
    scopes = List.copyOf(scopes);
  }

  /** Resource name, {@code grants/{id}}. */
  public String name() {
    return GrantNames.format(id);
  }
}

package io.apigrants.server.grant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A grant as stored, with what is known about its secrets (never the secrets or their hashes).
 *
 * @param version increments on every write; the etag is derived from it
 * @param generation increments whenever earlier credentials must stop working
 */
public record StoredGrant(
    UUID id,
    UUID clientId,
    String org,
    String clientName,
    String workspace,
    String username,
    List<String> scopes,
    Instant expireTime,
    List<String> ipAllowlist,
    boolean disabled,
    SecretState secretState,
    Optional<String> secretHint,
    Optional<Instant> secretCreateTime,
    Optional<Instant> previousSecretExpireTime,
    Optional<Instant> lastUsedTime,
    Optional<String> lastUsedIp,
    Instant createTime,
    Instant updateTime,
    String creator,
    long version,
    long generation) {

  public StoredGrant {
    scopes = List.copyOf(scopes);
    ipAllowlist = List.copyOf(ipAllowlist);
  }

  /** Resource name, {@code grants/{id}}. */
  public String name() {
    return GrantNames.format(id);
  }

  /** Opaque version tag for optimistic concurrency. */
  public String etag() {
    return Etags.format(version);
  }

  public boolean isExpiredAt(Instant now) {
    return !expireTime.isAfter(now);
  }
}

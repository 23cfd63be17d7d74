package io.apigrants.server.grant;

import java.time.Instant;
import java.util.List;

/**
 * The validated, normalised fields an admin sets on a grant.
 *
 * @param scopes sorted, without duplicates, each from the catalog
 * @param ipAllowlist canonical {@link IpRange} texts, sorted, without duplicates
 */
public record GrantFields(
    String clientName,
    String workspace,
    String username,
    List<String> scopes,
    Instant expireTime,
    List<String> ipAllowlist) {

  public GrantFields {
    scopes = List.copyOf(scopes);
    ipAllowlist = List.copyOf(ipAllowlist);
  }

  /** The fields of a stored grant. */
  public static GrantFields of(StoredGrant grant) {
    return new GrantFields(grant.clientName(), grant.workspace(), grant.username(),
        grant.scopes(), grant.expireTime(), grant.ipAllowlist());
  }
}

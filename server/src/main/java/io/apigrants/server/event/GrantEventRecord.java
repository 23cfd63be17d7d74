package io.apigrants.server.event;

import io.apigrants.server.grant.GrantNames;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored lifecycle event: the grant as it was right after the change (for DELETED, as it
 * was when deleted).
 *
 * @param sequence strictly increasing across the deployment, in commit order
 */
public record GrantEventRecord(
    long sequence,
    GrantEventType type,
    String org,
    UUID grantId,
    UUID clientId,
    String workspace,
    String username,
    Instant eventTime) {

  /** Resource name of the grant, {@code grants/{id}}. */
  public String grant() {
    return GrantNames.format(grantId);
  }
}

package io.apigrants.server.grant;

import java.time.Instant;

/** A workspace of an organisation, as stored. */
public record StoredWorkspace(String org, String id, String displayName, Instant createTime) {

  /** Resource name, {@code workspaces/{id}}, as audit records name it. */
  public String name() {
    return "workspaces/" + id;
  }
}

package io.apigrants.server.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What decides whether a grant's access tokens still verify, as stored now. */
public record GrantState(
    UUID grantId,
    UUID clientId,
    String org,
    long generation,
    boolean disabled,
    boolean userDisabled,
    Instant expireTime,
    List<String> scopes) {

  public GrantState {
    scopes = List.copyOf(scopes);
  }
}

package io.apigrants.server.grant;

/** What grant validation needs to know about one organisation's directory. */
public interface Directory {
  boolean hasWorkspace(String id);

  /** Whether {@code username} is a user of the organisation and not disabled. */
  boolean hasActiveUser(String username);
}

package io.apigrants.server.grant;

import java.time.Instant;

/** A user of an organisation, as stored. A disabled user's secrets do not verify. */
public record StoredUser(String org, String username, String displayName, boolean disabled,
    Instant createTime, Instant updateTime) {

  /** Resource name, {@code users/{username}}, as audit records name it. */
  public String name() {
    return nameOf(username);
  }

  /** The resource name of the user {@code username}. */
  public static String nameOf(String username) {
    return "users/" + username;
  }
}

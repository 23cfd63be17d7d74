package io.apigrants.server.identity;

/** Role names the platform's identity provider puts in the {@code roles} claim. */
public final class Roles {
  /** Manages grants, the directory and policy of their own organisation. */
  public static final String ORG_SECURITY_ADMIN = "org_security_admin";

  /** An internal service that checks credentials. */
  public static final String TOKEN_VERIFIER = "token_verifier";

  /**
   * A platform service that follows every organisation's grant events. WatchGrantEvents then
   * streams all organisations instead of the caller's own; the caller needs
   * {@link #TOKEN_VERIFIER} as well, like every TokenVerification caller.
   */
  public static final String PLATFORM_EVENT_READER = "platform_event_reader";

  private Roles() {}
}

package io.apigrants.server.grant;

/** Whether a grant has a secret that can verify; stored by name in api_grant.secret_state. */
public enum SecretState {
  /** Never generated: the named user has to regenerate one. */
  NONE,
  /** A current secret exists. */
  ACTIVE,
  /** Invalidated (username change, leak report): the user has to regenerate. */
  INVALIDATED
}

package io.apigrants.server.event;

/** What happened to a grant; stored by name in {@code grant_event.event_type}. */
public enum GrantEventType {
  CREATED,
  /**
   * Any edit of the grant's fields. A username change, which also invalidates the secret, emits
   * this alone (one event per change): its new username tells consumers the secret is gone.
   */
  UPDATED,
  SECRET_REGENERATED,
  /** The secret stopped working without a new one and nothing else changed (a leak report). */
  SECRET_INVALIDATED,
  DISABLED,
  ENABLED,
  DELETED,
  /** The grant expires within the configured lead time; fires once per grant. */
  EXPIRING_SOON,
  /** The grant has expired; fires once per grant. */
  EXPIRED
}

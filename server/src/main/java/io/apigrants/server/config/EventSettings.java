package io.apigrants.server.config;

import java.time.Duration;

/**
 * How grant lifecycle events are kept and streamed.
 *
 * @param retention how long events stay resumable; older ones are deleted
 * @param expiringLead how long before a grant's expiry its EXPIRING_SOON event fires
 * @param stallTimeout how long a watcher may leave waiting events unread before it is cut off
 */
public record EventSettings(Duration retention, Duration expiringLead, Duration stallTimeout) {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  public static final Duration DEFAULT_EXPIRING_LEAD = Duration.ofDays(7);
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(1);

  public EventSettings {
    if (retention.compareTo(Duration.ofHours(1)) < 0) {
      throw new ConfigException("APIGRANTS_EVENT_RETENTION must be at least PT1H.");
    }
    if (expiringLead.isNegative() || expiringLead.isZero()) {
      throw new ConfigException("APIGRANTS_EXPIRING_NOTICE_LEAD must be positive.");
    }
    if (stallTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("APIGRANTS_EVENT_STALL_TIMEOUT must be at least PT1S.");
    }
  }

  /** The defaults, as a deployment that sets nothing gets them. */
  public static EventSettings defaults() {
    return new EventSettings(DEFAULT_RETENTION, DEFAULT_EXPIRING_LEAD, DEFAULT_STALL_TIMEOUT);
  }
}

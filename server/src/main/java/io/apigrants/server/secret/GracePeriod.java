package io.apigrants.server.secret;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a replaced secret keeps verifying after a regenerate: what the user asked for, capped
 * by the organisation policy and never past the grant's own expiry.
 */
public final class GracePeriod {
  /**
   * The longest grace a request may even ask for. Anything longer is a mistake, not a wish the
   * policy should silently cut down.
   */
  public static final Duration MAX_REQUESTABLE = Duration.ofDays(365);

  private GracePeriod() {}

  /**
   * When the previous secret stops verifying, or empty when it stops at once.
   *
   * @param requested the non-negative grace the user asked for
   * @param policyMax the organisation's cap
   */
  public static Optional<Instant> previousSecretEnd(
      Duration requested, Duration policyMax, Instant now, Instant grantExpireTime) {
    Duration granted = requested.compareTo(policyMax) > 0 ? policyMax : requested;
    Instant end = now.plus(granted);
    if (end.isAfter(grantExpireTime)) {
      end = grantExpireTime;
    }
    return end.isAfter(now) ? Optional.of(end) : Optional.empty();
  }
}

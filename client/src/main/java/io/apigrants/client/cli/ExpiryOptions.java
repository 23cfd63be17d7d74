package io.apigrants.client.cli;

import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** A grant's expiry, as a time ({@code --expire-time}) or from now ({@code --expires-in}). */
final class ExpiryOptions {
  @Option(names = "--expires-in", paramLabel = "DURATION",
      converter = Conversions.DurationConverter.class,
      description = "Expire this long from now, e.g. 90d or 12h.")
  private Duration expiresIn;

  @Option(names = "--expire-time", paramLabel = "TIME",
      converter = Conversions.InstantConverter.class,
      description = "Expire at this time, e.g. 2027-01-31T17:00:00Z or 2027-01-31 (UTC).")
  private Instant expireTime;

  /** The expiry as a timestamp, reading {@code --expires-in} against {@code clock}. */
  Timestamp timestamp(Clock clock) {
    Instant when = expireTime != null ? expireTime : clock.instant().plus(expiresIn);
    return Formats.proto(when);
  }
}

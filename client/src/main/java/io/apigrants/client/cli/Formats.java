package io.apigrants.client.cli;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;

/** How values look in grantctl's human output. */
final class Formats {
  private Formats() {}

  /** An instant in UTC to the second, or empty when the timestamp is unset. */
  static String time(Timestamp timestamp) {
    if (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0) {
      return "";
    }
    return Instant.ofEpochSecond(timestamp.getSeconds()).toString();
  }

  /** A duration as grantctl reads it back: {@code 90d}, {@code 1h30m}, {@code 0}. */
  static String duration(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds == 0) {
      return "0";
    }
    StringBuilder text = new StringBuilder();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (days > 0) {
      text.append(days).append('d');
    }
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (rest > 0) {
      text.append(rest).append('s');
    }
    return text.toString();
  }

  /** A list as the comma-separated text admins type. */
  static String list(List<String> values) {
    return String.join(", ", values);
  }

  /** Converts a {@link java.time.Duration} to its protobuf form. */
  static Duration proto(java.time.Duration duration) {
    return Duration.newBuilder()
        .setSeconds(duration.getSeconds())
        .setNanos(duration.getNano())
        .build();
  }

  /** Converts an {@link Instant} to its protobuf form. */
  static Timestamp proto(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}

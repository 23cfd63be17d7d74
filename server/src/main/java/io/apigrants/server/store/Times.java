package io.apigrants.server.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as the {@code timestamp with time zone} values jOOQ binds. */
final class Times {
  private Times() {}

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}

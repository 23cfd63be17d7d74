package io.apigrants.server.grant;

import java.util.Locale;
import java.util.UUID;

/** Parses and formats grant resource names, {@code grants/{uuid}}. */
public final class GrantNames {
  private static final String PREFIX = "grants/";

  private GrantNames() {}

  public static String format(UUID id) {
    return PREFIX + id;
  }

  /**
   * The grant id in {@code name}; a malformed name is an {@link InvalidArgumentException} on
   * {@code field}.
   */
  public static UUID parse(String name, String field) {
    if (name == null || name.isEmpty()) {
      throw InvalidArgumentException.of(field, "required, as grants/{grant_id}");
    }
    if (!name.startsWith(PREFIX) || name.length() != PREFIX.length() + 36) {
      throw InvalidArgumentException.of(field, "must look like grants/{grant_id}");
    }
    try {
      UUID id = UUID.fromString(name.substring(PREFIX.length()));
      // UUID.fromString accepts non-canonical forms; only the canonical text names a grant.
      if (!format(id).equals(name.toLowerCase(Locale.ROOT))) {
        throw InvalidArgumentException.of(field, "must look like grants/{grant_id}");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw InvalidArgumentException.of(field, "must look like grants/{grant_id}");
    }
  }
}

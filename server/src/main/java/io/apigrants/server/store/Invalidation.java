package io.apigrants.server.store;

import java.util.Optional;
import java.util.UUID;

/**
 * A notice that cached verification answers may be stale: for one grant, for one user's grants,
 * or for everything. Travels as short text through PostgreSQL {@code NOTIFY}.
 */
public record Invalidation(Kind kind, String org, String key) {

  /** What the notice covers. */
  public enum Kind {
    /** One grant; {@code key} is its id. */
    GRANT,
    /** Every grant of one user; {@code key} is the username. */
    USER,
    /** Everything (e.g. a replica may have missed notices). */
    ALL
  }

  public static Invalidation grant(String org, UUID grantId) {
    return new Invalidation(Kind.GRANT, org, grantId.toString());
  }

  public static Invalidation user(String org, String username) {
    return new Invalidation(Kind.USER, org, username);
  }

  public static Invalidation all() {
    return new Invalidation(Kind.ALL, "", "");
  }

  /**
   * Wire form {@code KIND|<org length>|<org><key>}: the length prefix keeps decoding unambiguous
   * whatever characters the org or key hold.
   */
  String encode() {
    return kind + "|" + org.length() + "|" + org + key;
  }

  /** Parses {@link #encode()}'s form; anything else is empty. */
  static Optional<Invalidation> decode(String payload) {
    try {
      int first = payload.indexOf('|');
      int second = payload.indexOf('|', first + 1);
      Kind kind = Kind.valueOf(payload.substring(0, first));
      int orgLength = Integer.parseInt(payload.substring(first + 1, second));
      String org = payload.substring(second + 1, second + 1 + orgLength);
      String key = payload.substring(second + 1 + orgLength);
      return Optional.of(new Invalidation(kind, org, key));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}

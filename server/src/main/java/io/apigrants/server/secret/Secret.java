package io.apigrants.server.secret;

/**
 * A well-formed grant secret, generated here or parsed from a caller.
 *
 * <p>Its {@link #toString()} shows only the hint: a secret must never reach a log line, an error
 * or an audit record by accident. {@link #text()} is for exactly two places: the regenerate
 * response and the hasher.
 */
public final class Secret {
  private final String text;
  private final int bodyStart;
  private final String hint;

  Secret(String text, int bodyStart, String hint) {
    this.text = text;
    this.bodyStart = bodyStart;
    this.hint = hint;
  }

  /** The whole secret, prefix included. Hash it or hand it to its owner; never log it. */
  public String text() {
    return text;
  }

  /** The first characters after the prefix: not secret, stored so users can tell secrets apart. */
  public String hint() {
    return hint;
  }

  /**
   * {@code text} with every copy of this secret replaced by {@code marker}. Matches the part
   * after the prefix, so a copy with an URL-encoded or missing prefix goes too.
   */
  public String redactFrom(String text, String marker) {
    return text.replace(this.text.substring(bodyStart), marker);
  }

  @Override
  public String toString() {
    return "Secret[hint=" + hint + ", ****]";
  }
}

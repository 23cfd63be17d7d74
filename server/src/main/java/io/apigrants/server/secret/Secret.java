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
  private final String hint;

  Secret(String text, String hint) {
    this.text = text;
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

  @Override
  public String toString() {
    return "Secret[hint=" + hint + ", ****]";
  }
}

package io.apigrants.server.grant;

import java.util.Optional;

/**
 * Checks on text that requests carry: free text people type and other people read, and keys and
 * filters that are looked up.
 *
 * <p>Every request text that reaches the database passes {@link #refuseControlCharacters}, one
 * way or another: PostgreSQL cannot store or even compare a NUL, so one that slipped through
 * would fail the query and the caller would hear INTERNAL where H2 answers.
 */
public final class Texts {
  private Texts() {}

  /**
   * A text to look up (a filter, a key): empty stays empty, meaning none; otherwise at most
   * {@code max} characters and no control character, else a violation on {@code field}. Keys
   * are bounded in UTF-16 units, as H2 bounds the columns that store them.
   */
  public static Optional<String> lookupText(String raw, String field, int max,
      FieldViolations violations) {
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    if (raw.length() > max) {
      violations.add(field, "must be at most " + max + " characters");
      return Optional.empty();
    }
    return refuseControlCharacters(raw, field, violations) ? Optional.of(raw) : Optional.empty();
  }

  /**
   * Whether {@code text} is free of control characters; if not, adds the violation on
   * {@code field} that every request text gets for them.
   */
  static boolean refuseControlCharacters(String text, String field, FieldViolations violations) {
    if (hasControlCharacters(text)) {
      violations.add(field, "must not contain control characters");
      return false;
    }
    return true;
  }

  /** The characters a person sees in {@code text}: Unicode code points, not UTF-16 units. */
  static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /**
   * Whether {@code text} holds a control character, a line or paragraph separator, or a
   * bidirectional override: characters that can make a name render as something else.
   */
  public static boolean hasControlCharacters(String text) {
    return text.codePoints().anyMatch(Texts::isControl);
  }

  private static boolean isControl(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE
        || (codePoint >= 0x202a && codePoint <= 0x202e)
        || (codePoint >= 0x2066 && codePoint <= 0x2069);
  }

  /** Whether {@code text} holds any white space (Unicode space separators included). */
  static boolean hasWhitespace(String text) {
    return text.codePoints()
        .anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }
}

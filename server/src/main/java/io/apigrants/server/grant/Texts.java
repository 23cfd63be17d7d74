package io.apigrants.server.grant;

/** Checks on free text that people type and other people read. */
final class Texts {
  private Texts() {}

  /**
   * Whether {@code text} holds a control character, a line or paragraph separator, or a
   * bidirectional override: characters that can make a name render as something else.
   */
  static boolean hasControlCharacters(String text) {
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

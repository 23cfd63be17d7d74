package io.apigrants.server.grant;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of directory fields (workspace ids, usernames, display names). Each method returns
 * the normalised value, or adds a violation on {@code field} and returns empty.
 */
public final class DirectoryRules {
  private static final Pattern WORKSPACE_ID = Pattern.compile("[a-z0-9-]{1,63}");
  private static final int MAX_WORKSPACE_DISPLAY_NAME = 100;
  private static final int MAX_USERNAME = 200;
  private static final int MAX_USER_DISPLAY_NAME = 200;

  private DirectoryRules() {}

  /** A workspace id: 1 to 63 of lower-case letters, digits and '-'. */
  public static Optional<String> workspaceId(String raw, String field, FieldViolations violations) {
    if (raw == null || raw.isEmpty()) {
      violations.add(field, "required");
      return Optional.empty();
    }
    if (!WORKSPACE_ID.matcher(raw).matches()) {
      violations.add(field, "must be 1 to 63 of lower-case letters, digits and '-'");
      return Optional.empty();
    }
    return Optional.of(raw);
  }

  /** A workspace display name: trimmed, 1 to 100 characters, no control characters. */
  public static Optional<String> workspaceDisplayName(
      String raw, String field, FieldViolations violations) {
    return displayName(raw, field, 1, MAX_WORKSPACE_DISPLAY_NAME, violations);
  }

  /**
   * A username as the identity provider's {@code sub} claim spells it: 1 to 200 characters, no
   * white space or control characters. Not trimmed: it must match the claim exactly.
   */
  public static Optional<String> username(String raw, String field, FieldViolations violations) {
    if (raw == null || raw.isEmpty()) {
      violations.add(field, "required");
      return Optional.empty();
    }
    if (raw.length() > MAX_USERNAME) {
      violations.add(field, "must be at most " + MAX_USERNAME + " characters");
      return Optional.empty();
    }
    if (!Texts.refuseControlCharacters(raw, field, violations)) {
      return Optional.empty();
    }
    if (Texts.hasWhitespace(raw)) {
      violations.add(field, "must not contain white space");
      return Optional.empty();
    }
    return Optional.of(raw);
  }

  /** A user display name: trimmed, up to 200 characters (may be empty), no control characters. */
  public static Optional<String> userDisplayName(
      String raw, String field, FieldViolations violations) {
    return displayName(raw, field, 0, MAX_USER_DISPLAY_NAME, violations);
  }

  /**
   * Free text people read: trimmed, within bounds, no control characters. Bounds count
   * characters as people do (code points), so an emoji is one, not two.
   */
  static Optional<String> displayName(
      String raw, String field, int min, int max, FieldViolations violations) {
    String value = raw == null ? "" : raw.strip();
    int length = Texts.length(value);
    if (length < min) {
      violations.add(field, "required");
      return Optional.empty();
    }
    if (length > max) {
      violations.add(field, "must be at most " + max + " characters");
      return Optional.empty();
    }
    return Texts.refuseControlCharacters(value, field, violations)
        ? Optional.of(value) : Optional.empty();
  }
}

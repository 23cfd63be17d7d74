package io.apigrants.server.grant;

import java.util.List;

/**
 * The request is malformed whatever the state: one violation per bad field. Becomes
 * {@code INVALID_ARGUMENT} with a {@code google.rpc.BadRequest}.
 */
public final class InvalidArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldViolation> violations;

  public InvalidArgumentException(List<FieldViolation> violations) {
    super(violations.isEmpty() ? "invalid request" : summary(violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("at least one violation is needed");
    }
    this.violations = List.copyOf(violations);
  }

  /** One bad field. */
  public static InvalidArgumentException of(String field, String description) {
    return new InvalidArgumentException(List.of(new FieldViolation(field, description)));
  }

  public List<FieldViolation> violations() {
    return violations;
  }

  private static String summary(List<FieldViolation> violations) {
    FieldViolation first = violations.get(0);
    String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
    return first.field() + ": " + first.description() + more;
  }

  /** A field path (proto field names, dotted) and what is wrong with it, for the caller. */
  public record FieldViolation(String field, String description) {}
}

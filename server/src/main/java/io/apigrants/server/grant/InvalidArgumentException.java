package io.apigrants.server.grant;

import java.util.List;

/**
 * The request is malformed whatever the state: one violation per bad field. Becomes
 * {@code INVALID_ARGUMENT} with a {@code google.rpc.BadRequest}. Since the request fails anyway,
 * its well-formed fields that break the organisation policy may be named too (see
 * {@link #policyViolations}), so that one answer says everything that is wrong.
 */
public final class InvalidArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<FieldViolation> violations;
  private final transient List<FieldViolation> policyViolations;

  public InvalidArgumentException(List<FieldViolation> violations) {
    this(violations, List.of());
  }

  /** {@code policyViolations} are those of {@code violations} that break the policy. */
  public InvalidArgumentException(List<FieldViolation> violations,
      List<FieldViolation> policyViolations) {
    super(violations.isEmpty() ? "invalid request" : summary(violations));
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("at least one violation is needed");
    }
    this.violations = List.copyOf(violations);
    this.policyViolations = List.copyOf(policyViolations);
  }

  /** One bad field. */
  public static InvalidArgumentException of(String field, String description) {
    return new InvalidArgumentException(List.of(new FieldViolation(field, description)));
  }

  /** Every bad field: malformed ones first, then those that break the policy. */
  public List<FieldViolation> violations() {
    return violations;
  }

  /** The well-formed fields among {@link #violations} that the organisation policy refuses. */
  public List<FieldViolation> policyViolations() {
    return policyViolations;
  }

  private static String summary(List<FieldViolation> violations) {
    FieldViolation first = violations.get(0);
    String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
    return first.field() + ": " + first.description() + more;
  }

  /** A field path (proto field names, dotted) and what is wrong with it, for the caller. */
  public record FieldViolation(String field, String description) {}
}

package io.apigrants.server.grant;

import java.util.List;

/**
 * A well-formed request that the current state forbids (organisation policy, a disabled user, an
 * expired grant). Becomes {@code FAILED_PRECONDITION}, with a
 * {@code google.rpc.PreconditionFailure} and a {@code google.rpc.BadRequest} naming each offending
 * request field when there are any.
 */
public final class PreconditionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<InvalidArgumentException.FieldViolation> violations;

  public PreconditionException(String message) {
    this(message, List.of());
  }

  /** A refusal that names the request fields at fault, e.g. a policy broken by two fields. */
  public PreconditionException(String message,
      List<InvalidArgumentException.FieldViolation> violations) {
    super(violations.isEmpty() ? message : message + ": " + violations.get(0).description()
        + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
    this.violations = List.copyOf(violations);
  }

  /** The request fields at fault; empty when the refusal is about state alone. */
  public List<InvalidArgumentException.FieldViolation> violations() {
    return violations;
  }
}

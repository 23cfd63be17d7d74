package io.apigrants.server.grant;

import java.util.ArrayList;
import java.util.List;

/** Collects every bad field of a request so that one answer can name them all. */
public final class FieldViolations {
  private final List<InvalidArgumentException.FieldViolation> violations = new ArrayList<>();
  private final List<InvalidArgumentException.FieldViolation> policyViolations =
      new ArrayList<>();

  public void add(String field, String description) {
    violations.add(new InvalidArgumentException.FieldViolation(field, description));
  }

  /** A well-formed field that breaks the organisation policy, in a request that fails anyway. */
  void addPolicy(InvalidArgumentException.FieldViolation violation) {
    violations.add(violation);
    policyViolations.add(violation);
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  /** Throws {@link InvalidArgumentException} naming every collected field, if any. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new InvalidArgumentException(violations, policyViolations);
    }
  }
}

package io.apigrants.server.grant;

import java.util.ArrayList;
import java.util.List;

/** Collects every bad field of a request so that one answer can name them all. */
public final class FieldViolations {
  private final List<InvalidArgumentException.FieldViolation> violations = new ArrayList<>();

  public void add(String field, String description) {
    violations.add(new InvalidArgumentException.FieldViolation(field, description));
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  /** Throws {@link InvalidArgumentException} naming every collected field, if any. */
  public void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new InvalidArgumentException(violations);
    }
  }
}

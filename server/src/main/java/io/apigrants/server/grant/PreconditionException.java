package io.apigrants.server.grant;

/**
 * A well-formed request that the current state forbids (organisation policy, a disabled user, an
 * expired grant). Becomes {@code FAILED_PRECONDITION}.
 */
public final class PreconditionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PreconditionException(String message) {
    super(message);
  }
}

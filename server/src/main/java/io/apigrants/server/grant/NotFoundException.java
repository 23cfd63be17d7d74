package io.apigrants.server.grant;

/**
 * The resource does not exist for this caller: also what another organisation's resource looks
 * like, so that existence is not leaked. Becomes {@code NOT_FOUND}.
 */
public final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String resourceName) {
    super(resourceName + " not found");
  }
}

package io.apigrants.server.grant;

/** A resource with that id already exists. Becomes {@code ALREADY_EXISTS}. */
public final class AlreadyExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String resourceName) {
    super(resourceName + " already exists");
  }
}

package io.apigrants.server.config;

/** A setting is missing or wrong; the message names the setting and is shown to the operator. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

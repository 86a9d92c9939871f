package dev.airlock.bootstrap.config;

/** The configuration (options, environment, policy file) is wrong; the CLI exits with 2. */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}

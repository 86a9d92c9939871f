package dev.airlock.bootstrap.config;

/**
 * A service the run needs did not answer at start-up (a network failure, a 5xx, throttling): not a
 * configuration error, so the CLI exits with 1 and says the next run may well succeed.
 */
public final class ServiceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.airlock.application.port;

/**
 * A driven port could not do its job (download refused, scanner failed, repository conflict). The
 * message is shown to people: it names what failed and where, and never carries a secret.
 */
public class PortException extends Exception {
  private static final long serialVersionUID = 1L;

  public PortException(String message) {
    super(message);
  }

  public PortException(String message, Throwable cause) {
    super(message, cause);
  }
}

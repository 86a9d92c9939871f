package dev.airlock.bootstrap.config;

/** The configuration (options, environment, policy file) is wrong; the CLI exits with 2. */
public class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the command's help would help: a value of an option is wrong, rather than a file or a service. */
  public boolean pointsAtHelp() {
    return false;
  }

  /** An option's or variable's value is wrong: the CLI says so and points at the command's help. */
  public static ConfigurationException badValue(String message) {
    return new BadValue(message);
  }

  /** A wrong value of an option or variable. */
  private static final class BadValue extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message);
    }

    @Override
    public boolean pointsAtHelp() {
      return true;
    }
  }
}

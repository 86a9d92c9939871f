package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.config.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** ISO-8601 durations from options, with errors that name the option. */
final class Durations {
  private Durations() {}

  /** A duration that may be zero (meaning "never"/"always", as the option says), not negative. */
  static Duration parseNonNegative(String option, String text) {
    try {
      Duration duration = Duration.parse(text.strip());
      if (duration.isNegative()) {
        throw new ConfigurationException(option + " must not be negative, was " + text);
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(option + " '" + text + "' is not an ISO-8601 duration such as PT24H");
    }
  }

  static Duration parse(String option, String text) {
    try {
      Duration duration = Duration.parse(text.strip());
      if (duration.isNegative() || duration.isZero()) {
        throw new ConfigurationException(option + " must be positive, was " + text);
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(option + " '" + text + "' is not an ISO-8601 duration such as PT30M");
    }
  }
}

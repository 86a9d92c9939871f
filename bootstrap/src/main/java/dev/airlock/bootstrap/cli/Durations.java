package dev.airlock.bootstrap.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them ({@code 24h}, {@code 30m}, {@code 7d}, {@code 1h30m}, {@code 90s}) or ISO-8601. */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");

  private Durations() {}

  /** The duration {@code text} writes, or empty when it is neither form; negative ISO durations are returned as such. */
  static Optional<Duration> parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      Duration duration = Duration.ZERO;
      duration = duration.plusDays(number(m.group(1)));
      duration = duration.plusHours(number(m.group(2)));
      duration = duration.plusMinutes(number(m.group(3)));
      duration = duration.plusSeconds(number(m.group(4)));
      return Optional.of(duration);
    }
    if (value.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    try {
      return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}

package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.config.ConfigurationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes from options ({@code 512MiB}, {@code 4GiB}, {@code 1048576}), with errors that name the option. */
final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(|b|kib|mib|gib|tib|k|m|g|t|kb|mb|gb|tb)");

  private ByteSizes() {}

  /** K, M, G and T are binary (1024) whatever the spelling: limits are about memory and disk. */
  static long parse(String option, String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigurationException(option + " '" + text + "' is not a size such as 512MiB, 4GiB or 1048576");
    }
    int shift = switch (m.group(2).isEmpty() ? 'b' : m.group(2).charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    try {
      long number = Long.parseLong(m.group(1));
      if (number < 1) {
        throw new ConfigurationException(option + " must be positive, was " + text);
      }
      if (number > (Long.MAX_VALUE >> shift)) {
        throw new ConfigurationException(option + " '" + text + "' is too large");
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(option + " '" + text + "' is too large");
    }
  }
}

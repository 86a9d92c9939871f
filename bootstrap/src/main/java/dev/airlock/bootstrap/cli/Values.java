package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Suggestions;
import dev.airlock.configuration.Setting;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The values of one command's settings, typed and checked: from the option when it was given, else
 * from its {@code AIRLOCK_*} variable, else the catalogue's default. A wrong value is a usage error
 * that names where it came from: the option, or the variable that set it.
 */
final class Values {
  private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
  private static final Set<String> FALSE = Set.of("false", "no", "off", "0");

  private final CommandSpec spec;
  private final Map<String, String> environment;

  Values(CommandSpec spec, Map<String, String> environment) {
    this.spec = spec;
    this.environment = environment;
  }

  /** The value as written, blank counting as none. */
  Optional<String> text(Setting setting) {
    Optional<String> raw;
    if (setting.option().isPresent()) {
      Object value = option(setting).getValue();
      raw = Optional.ofNullable(value).map(Object::toString);
    } else {
      raw = fromEnvironment(setting).or(setting::defaultValue);
    }
    return raw.map(String::strip).filter(v -> !v.isEmpty());
  }

  /** The value of a setting the catalogue gives a default. */
  String required(Setting setting) {
    return text(setting).orElseThrow(() -> ConfigurationException.badValue(where(setting) + " must not be empty"));
  }

  Optional<Path> path(Setting setting) {
    Optional<String> text = text(setting);
    try {
      return text.map(Path::of);
    } catch (InvalidPathException e) {
      throw ConfigurationException.badValue(where(setting) + " '" + text.orElseThrow() + "' is not a path: "
          + e.getReason());
    }
  }

  /** On when the option is given (or given as true), else when its variable says true, yes, on or 1. */
  boolean flag(Setting setting) {
    if (matched(setting)) {
      return Boolean.TRUE.equals(option(setting).getValue());
    }
    Optional<String> variable = fromEnvironmentName(setting);
    String text = variable.map(environment::get).or(setting::defaultValue).orElse("false").strip()
        .toLowerCase(Locale.ROOT);
    if (TRUE.contains(text)) {
      return true;
    }
    if (FALSE.contains(text)) {
      return false;
    }
    throw ConfigurationException.badValue(where(setting) + " '" + text + "' is not true or false");
  }

  /** One of the setting's choices, matched ignoring case, as the catalogue spells it. */
  String choice(Setting setting) {
    return choice(setting, required(setting));
  }

  /** A choice from a value worked out elsewhere (a default that depends on other settings). */
  String choice(Setting setting, String value) {
    for (String known : setting.choices()) {
      if (known.equalsIgnoreCase(value.strip())) {
        return known;
      }
    }
    String hint = Suggestions.didYouMean(value, setting.choices());
    throw ConfigurationException.badValue("unknown " + setting.noun() + " '" + value.strip() + "' for "
        + where(setting) + (hint.isEmpty() ? "" : "; " + hint) + " (expected one of "
        + String.join(", ", setting.choices()) + ")");
  }

  /** A comma-separated list of the setting's choices: each checked, duplicates dropped, order kept. */
  List<String> choices(Setting setting) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : list(setting)) {
      names.add(choice(setting, part));
    }
    if (names.isEmpty()) {
      throw ConfigurationException.badValue(where(setting) + " names no " + setting.noun() + "; expected some of "
          + String.join(", ", setting.choices()));
    }
    return new ArrayList<>(names);
  }

  /** A comma-separated list: each entry stripped, empty ones dropped. */
  List<String> list(Setting setting) {
    List<String> entries = new ArrayList<>();
    for (String part : text(setting).orElse("").split(",", -1)) {
      if (!part.isBlank()) {
        entries.add(part.strip());
      }
    }
    return entries;
  }

  /** A duration that must be positive. */
  Duration positiveDuration(Setting setting) {
    Duration duration = duration(setting);
    if (duration.isZero()) {
      throw ConfigurationException.badValue(where(setting) + " must be positive, was " + required(setting));
    }
    return duration;
  }

  /** A duration that may be zero (meaning "never" or "always", as the setting says), not negative. */
  Duration duration(Setting setting) {
    String text = required(setting);
    Duration duration = Durations.parse(text).orElseThrow(() -> ConfigurationException.badValue(where(setting)
        + " '" + text + "' is not a duration such as 30m, 24h, 7d, 1h30m or ISO-8601 PT30M"));
    if (duration.isNegative()) {
      throw ConfigurationException.badValue(where(setting) + " must not be negative, was " + text);
    }
    return duration;
  }

  long size(Setting setting) {
    return ByteSizes.parse(where(setting), required(setting));
  }

  /** A whole number from {@code min} to {@code max}. */
  int count(Setting setting, int min, int max) {
    String text = required(setting);
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw ConfigurationException.badValue(where(setting) + " '" + text + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw ConfigurationException.badValue(where(setting) + (max == Integer.MAX_VALUE
          ? " must be at least " + min : " must be between " + min + " and " + max) + ", was " + value);
    }
    return value;
  }

  /** Where the value came from, for messages: the option when given, else the variable that set it. */
  String where(Setting setting) {
    if (matched(setting)) {
      return setting.option().orElseThrow();
    }
    return fromEnvironmentName(setting).orElse(setting.displayName());
  }

  /** Whether the value was given at all (option or variable), rather than taken from the catalogue. */
  boolean given(Setting setting) {
    return matched(setting) || fromEnvironmentName(setting).isPresent();
  }

  private boolean matched(Setting setting) {
    CommandLine commandLine = spec.commandLine();
    return setting.option().isPresent() && commandLine != null && commandLine.getParseResult() != null
        && commandLine.getParseResult().hasMatchedOption(setting.option().get());
  }

  private OptionSpec option(Setting setting) {
    OptionSpec option = spec.findOption(setting.option().orElseThrow());
    if (option == null) {
      throw new IllegalStateException(spec.qualifiedName() + " has no option " + setting.option().orElseThrow());
    }
    return option;
  }

  private Optional<String> fromEnvironment(Setting setting) {
    return fromEnvironmentName(setting).map(environment::get);
  }

  private Optional<String> fromEnvironmentName(Setting setting) {
    List<String> names = new ArrayList<>();
    names.add(setting.variable());
    names.addAll(setting.fallbackVariables());
    return names.stream().filter(n -> environment.get(n) != null && !environment.get(n).isBlank()).findFirst();
  }
}

package dev.airlock.bootstrap.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option an environment fallback, because CodeBuild passes configuration as
 * environment: {@code --data-dir} reads {@code AIRLOCK_DATA_DIR}, and so on. The environment is
 * injected so tests need not touch the process's own.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
  private static final Map<String, String> SPECIAL = Map.of(
      "--allow-host", "AIRLOCK_ALLOWED_HOSTS");

  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The environment variable that backs an option. */
  static String variableFor(String longName) {
    return SPECIAL.getOrDefault(longName,
        "AIRLOCK_" + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT));
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option && option.longestName().startsWith("--")) {
      String value = environment.get(variableFor(option.longestName()));
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return argSpec.defaultValue();
  }
}

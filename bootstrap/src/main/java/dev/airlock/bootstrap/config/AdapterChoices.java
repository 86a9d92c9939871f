package dev.airlock.bootstrap.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The adapter names the CLI knows. Which of them this build can run is what the Dagger modules
 * provide; a known name without an adapter is refused there, before any work.
 */
public final class AdapterChoices {
  public static final List<String> SOURCES = List.of("file", "github");
  public static final List<String> SCANNERS = List.of("builtin", "sarif", "codeguru", "inspector");
  public static final List<String> REPOSITORIES = List.of("file", "codeartifact", "github");
  public static final List<String> NOTIFIERS = List.of("console", "sns", "github");
  public static final List<String> LEDGERS = List.of("file", "dynamodb");
  /** Who hears a check: its own output, and the pull request. */
  public static final List<String> CHECK_NOTIFIERS = List.of("console", "github");

  private AdapterChoices() {}

  /** One adapter name, checked against the known ones. */
  public static String one(String kind, String option, String value, List<String> known) {
    String name = value.strip().toLowerCase(Locale.ROOT);
    if (!known.contains(name)) {
      throw new ConfigurationException("unknown " + kind + " '" + value.strip() + "' for " + option
          + "; expected one of " + String.join(", ", known));
    }
    return name;
  }

  /** A comma-separated list of adapter names, each checked; duplicates are dropped, order kept. */
  public static List<String> many(String kind, String option, String value, List<String> known) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        names.add(one(kind, option, part, known));
      }
    }
    if (names.isEmpty()) {
      throw new ConfigurationException(option + " names no " + kind + "; expected some of " + String.join(", ", known));
    }
    return new ArrayList<>(names);
  }
}

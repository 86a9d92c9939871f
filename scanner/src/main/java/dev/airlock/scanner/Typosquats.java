package dev.airlock.scanner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells whether a package name imitates a popular one, from the offline list
 * {@code popular-packages.txt}: one or two typing mistakes away, the same words reordered or
 * differently separated, or the same name with a "python"/"py" affix.
 */
final class Typosquats {
  /** Which registry's names to compare with. */
  enum Ecosystem { PYPI, NPM }

  static final String RESOURCE = "popular-packages.txt";
  private static final List<String> AFFIXES = List.of("python-", "-python", "python3-", "-py", "py-", "py");
  // Compiled once: the list's ~70 000 names are split and normalised with them at start-up.
  private static final Pattern SEPARATORS = Pattern.compile("[._\\s]+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final Map<Ecosystem, Set<String>> popular;
  private final Map<Ecosystem, Set<String>> known;

  /** {@code popular}: names compared with; {@code known}: further names that are never reported. */
  Typosquats(Map<Ecosystem, Set<String>> popular, Map<Ecosystem, Set<String>> known) {
    this.popular = popular;
    this.known = known;
  }

  /** The list shipped with Airlock (read once). */
  static Typosquats builtin() {
    return Builtin.LIST;
  }

  /** Holds the built-in list, loaded on first use. */
  private static final class Builtin {
    static final Typosquats LIST = load();
  }

  private static Typosquats load() {
    Map<Ecosystem, Set<String>> names = new HashMap<>();
    Map<Ecosystem, Set<String>> known = new HashMap<>();
    try (InputStream in = Typosquats.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<Ecosystem, Set<String>> current = null;
      Ecosystem ecosystem = null;
      for (String line; (line = reader.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("[")) {
          String section = line.substring(1, line.length() - 1).toUpperCase(Locale.ROOT);
          current = section.endsWith("-KNOWN") ? known : names;
          ecosystem = Ecosystem.valueOf(section.replace("-KNOWN", ""));
          continue;
        }
        if (current == null) {
          throw new IllegalStateException(RESOURCE + ": a name comes before the first [section]");
        }
        for (String name : WHITESPACE.split(line, -1)) {
          current.computeIfAbsent(ecosystem, k -> new LinkedHashSet<>()).add(normalise(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Typosquats(names, known);
  }

  /** The popular name {@code name} imitates, if any; a name on the list imitates nothing. */
  Optional<String> imitated(String name, Ecosystem ecosystem) {
    String candidate = normalise(name);
    Set<String> names = popular.getOrDefault(ecosystem, Set.of());
    if (candidate.length() < 4 || names.contains(candidate)
        || known.getOrDefault(ecosystem, Set.of()).contains(candidate)) {
      return Optional.empty();
    }
    String bare = candidate.replace("-", "");
    String words = sortedWords(candidate);
    String core = core(candidate);
    for (String known : names) {
      if (known.length() < 4) {
        continue;
      }
      if (bare.equals(known.replace("-", "")) || (candidate.contains("-") && words.equals(sortedWords(known)))) {
        return Optional.of(known);
      }
      if (core.length() >= 4 && core.equals(core(known)) && !core.equals(candidate)) {
        return Optional.of(known);
      }
      int allowed = known.length() >= 9 && candidate.length() >= 9 ? 2 : known.length() >= 5 ? 1 : 0;
      if (allowed > 0 && Math.abs(known.length() - candidate.length()) <= allowed
          && distance(candidate, known, allowed) <= allowed) {
        return Optional.of(known);
      }
    }
    return Optional.empty();
  }

  static String normalise(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("@") && lower.contains("/")) {
      lower = lower.substring(1).replace('/', '-');
    }
    return SEPARATORS.matcher(lower).replaceAll("-");
  }

  private static String sortedWords(String name) {
    String[] parts = name.split("-");
    Arrays.sort(parts);
    return String.join("-", parts);
  }

  /** The name without a python/py affix and without separators. */
  private static String core(String name) {
    for (String affix : AFFIXES) {
      if (affix.endsWith("-") || affix.equals("py")) {
        if (name.startsWith(affix) && name.length() > affix.length() + 3) {
          return name.substring(affix.length()).replace("-", "");
        }
      } else if (name.endsWith(affix) && name.length() > affix.length() + 3) {
        return name.substring(0, name.length() - affix.length()).replace("-", "");
      }
    }
    return name.replace("-", "");
  }

  /** Optimal-string-alignment distance (a swap of neighbours counts once), capped at {@code limit + 1}. */
  static int distance(String a, String b, int limit) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int rowMin = Integer.MAX_VALUE;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int value = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          value = Math.min(value, d[i - 2][j - 2] + 1);
        }
        d[i][j] = value;
        rowMin = Math.min(rowMin, value);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
    }
    return d[a.length()][b.length()];
  }

  /** Every popular name of {@code ecosystem} (for tests and documentation). */
  List<String> names(Ecosystem ecosystem) {
    return new ArrayList<>(popular.getOrDefault(ecosystem, Set.of()));
  }
}

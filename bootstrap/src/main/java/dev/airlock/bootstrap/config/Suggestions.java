package dev.airlock.bootstrap.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean …": the known names closest to a mistyped one. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The names within two edits of {@code typed} (or that start with it, or it with them), closest
   * first, at most three; empty when nothing is close.
   */
  public static List<String> closest(String typed, Collection<String> known) {
    String wanted = typed.strip().toLowerCase(Locale.ROOT);
    if (wanted.isEmpty()) {
      return List.of();
    }
    return known.stream()
        .filter(name -> !name.equalsIgnoreCase(wanted))
        .map(name -> new Scored(name, score(wanted, name.toLowerCase(Locale.ROOT))))
        .filter(s -> s.score() <= 2)
        .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::name))
        .limit(3)
        .map(Scored::name)
        .toList();
  }

  /** "did you mean --scanners?" or "did you mean run or scan?"; empty when there is nothing to suggest. */
  public static String didYouMean(String typed, Collection<String> known) {
    List<String> names = closest(typed, known);
    if (names.isEmpty()) {
      return "";
    }
    String list = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    return "did you mean " + list + "?";
  }

  private record Scored(String name, int score) {}

  private static int score(String typed, String name) {
    if (typed.length() >= 3 && (name.startsWith(typed) || typed.startsWith(name))) {
      return 1;
    }
    return distance(typed, name);
  }

  /** Optimal-string-alignment distance: a swap of neighbours counts once. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

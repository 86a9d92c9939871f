package dev.airlock.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A glob over paths inside a package ({@code tests/**}, <code>*&#47;fixtures/*.pem</code>): {@code **}
 * matches any number of folders, {@code *} any characters within one folder name, {@code ?} one
 * character; everything else matches itself. Backslashes in paths count as {@code /}.
 */
public final class PathGlob {
  private final String text;
  private final Pattern pattern;

  private PathGlob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException when it is blank
   */
  public static PathGlob of(String text) {
    Optional<String> problem = problem(text);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return new PathGlob(text.strip(), Pattern.compile(regex(text.strip())));
  }

  /** What is wrong with {@code text} as a glob, if anything. */
  public static Optional<String> problem(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of("a path glob is empty");
    }
    return Optional.empty();
  }

  /** Whether {@code path} matches the whole glob. */
  public boolean matches(String path) {
    return pattern.matcher(path.replace('\\', '/').replaceFirst("^/+", "")).matches();
  }

  private static String regex(String glob) {
    StringBuilder regex = new StringBuilder();
    String g = glob.replace('\\', '/').replaceFirst("^/+", "");
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
        boolean folder = i + 2 < g.length() && g.charAt(i + 2) == '/';
        regex.append(folder ? "(?:.*/)?" : ".*");
        i += folder ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathGlob other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}

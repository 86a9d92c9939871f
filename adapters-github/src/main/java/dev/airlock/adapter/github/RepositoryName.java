package dev.airlock.adapter.github;

import java.util.regex.Pattern;

/**
 * A GitHub repository's {@code owner/name}, checked so it cannot reach another API path.
 *
 * @param owner the user or organisation
 * @param name the repository
 */
public record RepositoryName(String owner, String name) {
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  public RepositoryName {
    if (!OWNER.matcher(owner).matches() || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("GitHub repository '" + owner + "/" + name + "' is not owner/name");
    }
  }

  /** Parses {@code owner/name}. */
  public static RepositoryName parse(String fullName) {
    String value = fullName.strip();
    int slash = value.indexOf('/');
    if (slash <= 0 || slash != value.lastIndexOf('/')) {
      throw new IllegalArgumentException("GitHub repository '" + value + "' is not owner/name");
    }
    return new RepositoryName(value.substring(0, slash), value.substring(slash + 1));
  }

  /** {@code owner/name}. */
  @Override
  public String toString() {
    return owner + "/" + name;
  }
}

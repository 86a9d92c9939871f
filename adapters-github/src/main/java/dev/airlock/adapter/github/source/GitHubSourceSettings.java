package dev.airlock.adapter.github.source;

import dev.airlock.adapter.github.RepositoryName;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the GitHub request source reads: a file of a repository at a commit, the commit the push
 * (or pull request) started from, and whether every row counts or only the rows that change added.
 *
 * @param repository the repository holding the request file
 * @param path the request file's path inside the repository ({@code requests/packages.csv})
 * @param commit the commit that started the run (the push's head)
 * @param baseCommit the commit the push started from (its "before"); absent, all zeros (a new
 *     branch) or unknown: the head's first parent
 * @param rows which rows the source gives: all of the file, or only those {@code base...commit} added
 */
public record GitHubSourceSettings(RepositoryName repository, String path, String commit, Optional<String> baseCommit,
    Rows rows) {
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");

  /** Which rows of the file a run considers. */
  public enum Rows {
    /** Every row: a push's run, where the ledger says which are new. */
    ALL,
    /**
     * Only the rows the change {@code base...commit} added: a pull request's check, which has no ledger
     * to tell new rows from old and gives advice on what the pull request asks for.
     */
    ADDED
  }

  public GitHubSourceSettings {
    Objects.requireNonNull(repository, "repository");
    path = normalisedPath(path);
    commit = sha(commit, "commit");
    baseCommit = baseCommit.map(String::strip).filter(b -> !b.isEmpty() && !b.matches("0+")).map(b -> sha(b, "base commit"));
    Objects.requireNonNull(rows, "rows");
    if (rows == Rows.ADDED && baseCommit.isEmpty()) {
      throw new IllegalArgumentException("the rows a change added need the commit it started from");
    }
  }

  /** Every row of the file at {@code commit}, attributed through the push {@code baseCommit...commit}. */
  public GitHubSourceSettings(RepositoryName repository, String path, String commit, Optional<String> baseCommit) {
    this(repository, path, commit, baseCommit, Rows.ALL);
  }

  /** Only the rows a pull request adds: its file at {@code head}, compared with its {@code base}. */
  public static GitHubSourceSettings addedRows(RepositoryName repository, String path, String head, String base) {
    return new GitHubSourceSettings(repository, path, head, Optional.of(base), Rows.ADDED);
  }

  private static String sha(String value, String what) {
    String v = value.strip();
    if (!SHA.matcher(v).matches()) {
      throw new IllegalArgumentException("GitHub " + what + " '" + v + "' is not a commit SHA (7 to 40 hex digits)");
    }
    return v.toLowerCase(Locale.ROOT);
  }

  private static String normalisedPath(String path) {
    String p = path.strip().replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    if (p.isEmpty() || p.startsWith("/") || p.endsWith("/")) {
      throw new IllegalArgumentException("request file path '" + path + "' must be a file path inside the repository");
    }
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.chars().anyMatch(c -> c < 0x20 || c == '?' || c == '#')) {
        throw new IllegalArgumentException("request file path '" + path + "' must be a plain path inside the repository");
      }
    }
    return p;
  }

  /** The first 12 hex digits of the commit, for people. */
  public String shortCommit() {
    return commit.substring(0, Math.min(12, commit.length()));
  }
}

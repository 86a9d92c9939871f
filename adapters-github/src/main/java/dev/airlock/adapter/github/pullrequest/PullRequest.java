package dev.airlock.adapter.github.pullrequest;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One pull request as a check needs it: its number, the commit it would merge (head) and the commit
 * of its base branch it is compared with.
 *
 * @param number the pull request's number in its repository
 * @param headSha the pull request's head commit (lower-case hex)
 * @param baseSha the base branch's commit the pull request is compared with (lower-case hex)
 * @param baseBranch the branch it would be merged into
 * @param open whether it is still open
 */
public record PullRequest(int number, String headSha, String baseSha, String baseBranch, boolean open) {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

  public PullRequest {
    if (number < 1) {
      throw new IllegalArgumentException("a pull request number is 1 or more, was " + number);
    }
    headSha = sha(headSha, "head");
    baseSha = sha(baseSha, "base");
    Objects.requireNonNull(baseBranch, "baseBranch");
  }

  private static String sha(String value, String what) {
    String v = Objects.requireNonNull(value, what).strip().toLowerCase(Locale.ROOT);
    if (!SHA.matcher(v).matches()) {
      throw new IllegalArgumentException("the pull request's " + what + " commit '" + v + "' is not a commit SHA");
    }
    return v;
  }

  /** {@code #7}, for people. */
  public String label() {
    return "#" + number;
  }
}

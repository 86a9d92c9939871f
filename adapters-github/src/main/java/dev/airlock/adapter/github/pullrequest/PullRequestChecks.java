package dev.airlock.adapter.github.pullrequest;

import java.io.IOException;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHPullRequest;

/** Reads back what a pull request's check left on it: the observations in its one comment. */
public final class PullRequestChecks {
  private PullRequestChecks() {}

  /**
   * The observations of the pull request's Airlock check comment; none when it has no such comment.
   *
   * @throws IOException when GitHub cannot list the comments
   */
  public static CheckObservations observations(GHPullRequest pull) throws IOException {
    for (GHIssueComment comment : pull.listComments().withPageSize(100)) {
      if (comment.getBody() != null && comment.getBody().startsWith(GitHubPullRequestNotifier.MARKER)) {
        return CheckObservations.parse(comment.getBody());
      }
    }
    return CheckObservations.none();
  }
}

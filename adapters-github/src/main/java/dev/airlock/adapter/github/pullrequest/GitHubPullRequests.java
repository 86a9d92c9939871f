package dev.airlock.adapter.github.pullrequest;

import dev.airlock.adapter.github.GitHubErrors;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.application.port.PortException;
import java.io.IOException;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GitHub;

/** Reads pull requests of the request repository through GitHub's API. */
public final class GitHubPullRequests {
  static final String PULL_REQUESTS_READ = "pull requests: read";

  private final GitHub github;
  private final RepositoryName repository;

  public GitHubPullRequests(GitHub github, RepositoryName repository) {
    this.github = github;
    this.repository = repository;
  }

  /**
   * The pull request numbered {@code number}: its head and base commits as GitHub knows them now.
   *
   * @throws PortException naming the pull request, and the missing permission for 401/403/404
   */
  public PullRequest find(int number) throws PortException {
    String doing = "read pull request #" + number;
    try {
      GHPullRequest pull = github.getRepository(repository.toString()).getPullRequest(number);
      if (pull.getHead() == null || pull.getBase() == null) {
        throw new PortException("cannot " + doing + " on " + repository + ": GitHub sent no head or base commit");
      }
      return new PullRequest(pull.getNumber(), pull.getHead().getSha(), pull.getBase().getSha(),
          pull.getBase().getRef(), pull.getState() == org.kohsuke.github.GHIssueState.OPEN);
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, doing, PULL_REQUESTS_READ);
    } catch (IllegalArgumentException e) {
      throw new PortException("cannot " + doing + " on " + repository + ": " + e.getMessage());
    }
  }
}

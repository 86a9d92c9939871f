package dev.airlock.bootstrap;

import dev.airlock.adapter.github.pullrequest.PullRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code airlock check} checks, known only once GitHub has been asked: the pull request (its head
 * and base), and where its policy file lives in the repository.
 *
 * @param pullRequest the pull request, for {@code --source github}; empty for a local request file
 * @param policyPath the policy file's path in the repository, when the policy is kept there
 */
public record CheckTarget(Optional<PullRequest> pullRequest, Optional<String> policyPath) {

  public CheckTarget {
    Objects.requireNonNull(pullRequest, "pullRequest");
    Objects.requireNonNull(policyPath, "policyPath");
  }
}

package dev.airlock.adapter.github.pullrequest;

import dev.airlock.adapter.github.GitHubErrors;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.application.message.CheckMessages;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.CheckNotifier;
import dev.airlock.application.result.CheckResult;
import dev.airlock.application.result.RequestOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * Shows a check's advice on its pull request: a commit status on the checked head (context {@value
 * #CONTEXT}: success when every row the pull request adds would be approved, failure when one would be
 * refused, error when one could not be checked) and one comment with the verdict table, the blocking
 * findings and how to ask for a waiver. Every later check of the pull request (a new push) updates
 * that comment, found by a hidden marker, instead of adding another. The comment also carries the
 * check's {@link CheckObservations} for the merge's run.
 */
public final class GitHubPullRequestNotifier implements CheckNotifier {
  /** The notifier's id. */
  public static final String ID = "github";
  /** The commit status context, apart from the run's {@code airlock} on merged commits. */
  public static final String CONTEXT = "airlock/check";
  /** Starts Airlock's check comment, so a later check (and the merge's run) finds it. */
  public static final String MARKER = "<!-- airlock:check -->";
  static final int MAX_DESCRIPTION = 140;
  static final int MAX_COMMENT = 65_000;
  private static final int PAGE_SIZE = 100;
  private static final String ISSUES_WRITE = "pull requests: write";

  private final GitHub github;
  private final RepositoryName repository;
  private final PullRequest pullRequest;
  private final Optional<String> policyFile;

  /**
   * @param github the client (GitHub.com or a GitHub Enterprise Server base URL)
   * @param repository the repository of the pull request
   * @param pullRequest the pull request checked
   * @param policyFile the policy file's path in the repository, named in the waiver instructions
   */
  public GitHubPullRequestNotifier(GitHub github, RepositoryName repository, PullRequest pullRequest,
      Optional<String> policyFile) {
    this.github = github;
    this.repository = repository;
    this.pullRequest = pullRequest;
    this.policyFile = policyFile;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void notify(CheckResult result) throws PortException {
    String head = result.run().commit().orElse(pullRequest.headSha());
    String shortHead = head.substring(0, Math.min(7, head.length()));
    GHRepository repo;
    GHPullRequest pull;
    Optional<GHIssueComment> earlier;
    try {
      repo = github.getRepository(repository.toString());
      pull = repo.getPullRequest(pullRequest.number());
      earlier = earlierComment(pull);
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "read the comments of pull request " + pullRequest.label(),
          "pull requests: read");
    }
    List<PortException> failures = new ArrayList<>();
    try {
      repo.createCommitStatus(head, state(result), null, CheckMessages.summary(result, MAX_DESCRIPTION), CONTEXT);
    } catch (IOException e) {
      failures.add(GitHubErrors.describe(e, repository, "set the commit status on " + shortHead,
          "commit statuses: write"));
    }
    try {
      String body = body(result);
      if (earlier.isEmpty()) {
        pull.comment(body);
      } else if (!body.equals(earlier.get().getBody())) {
        earlier.get().update(body);
      }
    } catch (IOException e) {
      failures.add(GitHubErrors.describe(e, repository, "comment on pull request " + pullRequest.label(),
          ISSUES_WRITE));
    }
    if (!failures.isEmpty()) {
      String message = failures.stream().map(Throwable::getMessage).reduce((a, b) -> a + "; " + b).orElseThrow();
      throw new PortException(message);
    }
  }

  /** Success only when every added row would be approved; error when one could not be checked and none refused. */
  static GHCommitState state(CheckResult result) {
    if (result.run().count(RequestOutcome.Status.REFUSED) > 0) {
      return GHCommitState.FAILURE;
    }
    if (result.run().hasErrors()) {
      return GHCommitState.ERROR;
    }
    return CheckMessages.allWouldBeApproved(result) ? GHCommitState.SUCCESS : GHCommitState.FAILURE;
  }

  /** Airlock's check comment on the pull request, looked for through every page of its comments. */
  private static Optional<GHIssueComment> earlierComment(GHPullRequest pull) throws IOException {
    for (GHIssueComment c : pull.listComments().withPageSize(PAGE_SIZE)) {
      if (c.getBody() != null && c.getBody().startsWith(MARKER)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The comment: the marker, the advice with as many findings and rows as fit, and the hidden observations. */
  String body(CheckResult result) {
    String hidden = CheckObservations.of(result.run().outcomes()).hidden();
    int findings = 20;
    int rows = 500;
    String body = compose(result, findings, rows, hidden);
    while (body.length() > MAX_COMMENT && (findings > 0 || rows > 0)) {
      if (findings > 0) {
        findings = findings / 2;
      } else {
        rows = rows / 2;
      }
      body = compose(result, findings, rows, hidden);
    }
    if (body.length() > MAX_COMMENT) {
      // Thousands of rows: without its observations the merge still fetches and scans every row.
      body = compose(result, 0, 0, "<!-- airlock:observed rows did not fit the comment -->");
    }
    return body;
  }

  private String compose(CheckResult result, int findings, int rows, String hidden) {
    return MARKER + "\n" + CheckMessages.markdown(result, policyFile, findings, rows) + "\n" + hidden + "\n";
  }
}

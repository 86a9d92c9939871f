package dev.airlock.adapter.github.notify;

import dev.airlock.adapter.github.GitHubErrors;
import dev.airlock.application.message.OutcomeMessages;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kohsuke.github.GHCommitComment;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * Shows a run's verdicts on the commit that triggered it: a commit status (context {@code airlock}),
 * success when every new request was approved, and one commit comment with a Markdown table of the
 * verdicts that mentions the requesters. A re-run on the same commit updates that comment, found by
 * a hidden marker, instead of adding another; a re-run that decided nothing new leaves the earlier
 * status and comment as they are.
 *
 * <p>A re-evaluation names no commit of its own: each package it revoked or reopened is told in a new
 * comment on the commit that requested it (recorded with its decision), mentioning the requester;
 * no commit status changes, since that belongs to the push.
 */
public final class GitHubNotifier implements Notifier {
  /** The notifier's id. */
  public static final String ID = "github";
  /** The commit status context. */
  public static final String CONTEXT = "airlock";
  /** Starts Airlock's comment, so a re-run finds it among the commit's comments. */
  public static final String MARKER = "<!-- airlock:run -->";
  /** Starts a re-evaluation's comment on the commit that requested what it revoked or reopened. */
  public static final String REEVALUATION_MARKER = "<!-- airlock:reevaluate -->";
  /** GitHub's limit for a status description. */
  static final int MAX_DESCRIPTION = 140;
  /** GitHub's limit for a comment body is 65 536 characters; stay below it. */
  static final int MAX_COMMENT = 65_000;
  private static final int PAGE_SIZE = 100;
  /** {@code owner/name}, nothing that could reach another API path. */
  private static final Pattern REPOSITORY =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");

  private final GitHub github;
  private final String repository;

  /**
   * @param github the client (GitHub.com or a GitHub Enterprise Server base URL)
   * @param repository {@code owner/name} of the repository the triggering commit is in
   */
  public GitHubNotifier(GitHub github, String repository) {
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("GitHub repository '" + repository + "' is not owner/name");
    }
    this.github = github;
    this.repository = repository;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void notify(RunResult result) throws PortException {
    if (result.commit().isEmpty() && !result.outcomes().isEmpty() && result.outcomes().stream()
        .allMatch(o -> o.status() == RequestOutcome.Status.REVOKED || o.status() == RequestOutcome.Status.REOPENED)) {
      notifyRequestingCommits(result);
      return;
    }
    String commit = result.commit().orElseThrow(() -> new PortException("cannot report on GitHub repository "
        + repository + ": the run names no commit (pass --commit or set AIRLOCK_COMMIT)"));
    String shortCommit = commit.substring(0, Math.min(7, commit.length()));
    boolean news = result.outcomes().stream().anyMatch(RequestOutcome::isNews);
    GHRepository repo;
    Optional<GHCommitComment> earlier;
    try {
      repo = github.getRepository(repository);
      earlier = earlierComment(repo, commit);
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "read the comments of commit " + shortCommit, "contents: read");
    }
    boolean elsewhere = result.count(RequestOutcome.Status.IN_PROGRESS_ELSEWHERE) > 0;
    if (!news && (earlier.isPresent() || elsewhere)) {
      // A re-run that decided nothing new: the earlier run's status and comment still say it all, or
      // another run is deciding and will report.
      return;
    }
    List<PortException> failures = new ArrayList<>();
    try {
      repo.createCommitStatus(commit, result.allNewApproved() ? GHCommitState.SUCCESS : GHCommitState.FAILURE,
          null, OutcomeMessages.runSummary(result, MAX_DESCRIPTION), CONTEXT);
    } catch (IOException e) {
      failures.add(GitHubErrors.describe(e, repository, "set the commit status on " + shortCommit,
          "commit statuses: write"));
    }
    if (news) {
      try {
        String body = body(result);
        if (earlier.isEmpty()) {
          repo.getCommit(commit).createComment(body);
        } else if (!body.equals(earlier.get().getBody())) {
          earlier.get().update(body);
        }
      } catch (IOException e) {
        failures.add(GitHubErrors.describe(e, repository, "comment on commit " + shortCommit, "contents: write"));
      }
    }
    if (!failures.isEmpty()) {
      String message = failures.stream().map(Throwable::getMessage).reduce((a, b) -> a + "; " + b).orElseThrow();
      throw new PortException(message, failures.get(0).getCause());
    }
  }

  /** One new comment per requesting commit, listing what re-evaluation revoked or reopened from it. */
  private void notifyRequestingCommits(RunResult result) throws PortException {
    java.util.Map<String, List<RequestOutcome>> byCommit = new java.util.LinkedHashMap<>();
    List<String> untold = new ArrayList<>();
    for (RequestOutcome outcome : result.outcomes()) {
      Optional<String> commit = outcome.previousDecision().flatMap(d -> d.commit());
      if (commit.isPresent()) {
        byCommit.computeIfAbsent(commit.get(), c -> new ArrayList<>()).add(outcome);
      } else {
        untold.add(outcome.label());
      }
    }
    List<String> failures = new ArrayList<>();
    GHRepository repo;
    try {
      repo = github.getRepository(repository);
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "read the repository", "contents: read");
    }
    for (var entry : byCommit.entrySet()) {
      String commit = entry.getKey();
      RunResult told = new RunResult(result.runId(), result.source(), result.startedAt(), result.finishedAt(),
          entry.getValue(), List.of(), Optional.of(commit));
      try {
        repo.getCommit(commit).createComment(REEVALUATION_MARKER + "\n"
            + OutcomeMessages.markdownReport(told, 20, 500));
      } catch (IOException e) {
        failures.add(GitHubErrors.describe(e, repository, "comment on commit " + commit.substring(0,
            Math.min(7, commit.length())), "contents: write").getMessage());
      }
    }
    if (!untold.isEmpty()) {
      failures.add("no requesting commit is recorded for " + String.join(", ", untold) + " (decided before Airlock "
          + "kept commits); not commented on GitHub");
    }
    if (!failures.isEmpty()) {
      throw new PortException(String.join("; ", failures));
    }
  }

  /** Airlock's comment on the commit from an earlier run, looked for through every page of comments. */
  private static Optional<GHCommitComment> earlierComment(GHRepository repo, String commit) throws IOException {
    for (GHCommitComment c : repo.listCommitComments(commit).withPageSize(PAGE_SIZE)) {
      if (c.getBody() != null && c.getBody().startsWith(MARKER)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The comment: the marker, then the report with as many findings and rows as fit GitHub's limit. */
  static String body(RunResult result) {
    int findings = 20;
    int rows = 500;
    String body = MARKER + "\n" + OutcomeMessages.markdownReport(result, findings, rows);
    while (body.length() > MAX_COMMENT && (findings > 0 || rows > 0)) {
      if (findings > 0) {
        findings = findings / 2;
      } else {
        rows = rows / 2;
      }
      body = MARKER + "\n" + OutcomeMessages.markdownReport(result, findings, rows);
    }
    return body.length() <= MAX_COMMENT ? body : body.substring(0, MAX_COMMENT - 30) + "\n\n… (comment truncated)\n";
  }
}

package dev.airlock.application.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run did, in request-file order.
 *
 * @param runId the run's id
 * @param source where the requests came from
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param outcomes one per request or unreadable row
 * @param warnings problems that did not change any decision (a notifier that failed, say)
 * @param commit the commit that triggered the run, when the command named one
 * @param failures problems that fail the run though every decision stands (a report that could not be
 *     written, say)
 */
public record RunResult(
    String runId,
    String source,
    Instant startedAt,
    Instant finishedAt,
    List<RequestOutcome> outcomes,
    List<String> warnings,
    Optional<String> commit,
    List<String> failures) {

  public RunResult {
    outcomes = List.copyOf(outcomes);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(commit, "commit");
    failures = List.copyOf(failures);
  }

  /** A result with no failure yet. */
  public RunResult(String runId, String source, Instant startedAt, Instant finishedAt,
      List<RequestOutcome> outcomes, List<String> warnings, Optional<String> commit) {
    this(runId, source, startedAt, finishedAt, outcomes, warnings, commit, List.of());
  }

  /** A result of a run not tied to a commit. */
  public RunResult(String runId, String source, Instant startedAt, Instant finishedAt,
      List<RequestOutcome> outcomes, List<String> warnings) {
    this(runId, source, startedAt, finishedAt, outcomes, warnings, Optional.empty());
  }

  /** True when any request ended in ERROR: the pipeline should show red. */
  public boolean hasErrors() {
    return outcomes.stream().anyMatch(o -> o.status() == RequestOutcome.Status.ERROR);
  }

  /** True when any request ended in ERROR or the run itself failed: exit 1, the pipeline shows red. */
  public boolean failed() {
    return hasErrors() || !failures.isEmpty();
  }

  /** How many outcomes have this status. */
  public long count(RequestOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /**
   * True when every request decided in this run was approved, or nothing new was decided: what a
   * commit status reports as success.
   */
  public boolean allNewApproved() {
    return outcomes.stream().filter(RequestOutcome::isNews).allMatch(o -> o.status() == RequestOutcome.Status.APPROVED);
  }

  /** The same result with more warnings. */
  public RunResult withWarnings(List<String> more) {
    var all = new ArrayList<>(warnings);
    all.addAll(more);
    return new RunResult(runId, source, startedAt, finishedAt, outcomes, all, commit, failures);
  }

  /** The same result with more failures. */
  public RunResult withFailures(List<String> more) {
    var all = new ArrayList<>(failures);
    all.addAll(more);
    return new RunResult(runId, source, startedAt, finishedAt, outcomes, warnings, commit, all);
  }
}

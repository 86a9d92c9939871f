package dev.airlock.application.port.in;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one run did, in request-file order.
 *
 * @param runId the run's id
 * @param source where the requests came from
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param outcomes one per request or unreadable row
 * @param warnings problems that did not change any decision (a notifier that failed, say)
 */
public record RunResult(
    String runId,
    String source,
    Instant startedAt,
    Instant finishedAt,
    List<RequestOutcome> outcomes,
    List<String> warnings) {

  public RunResult {
    outcomes = List.copyOf(outcomes);
    warnings = List.copyOf(warnings);
  }

  /** True when any request ended in ERROR: the pipeline should show red. */
  public boolean hasErrors() {
    return outcomes.stream().anyMatch(o -> o.status() == RequestOutcome.Status.ERROR);
  }

  /** How many outcomes have this status. */
  public long count(RequestOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  /** The same result with more warnings. */
  public RunResult withWarnings(List<String> more) {
    var all = new ArrayList<>(warnings);
    all.addAll(more);
    return new RunResult(runId, source, startedAt, finishedAt, outcomes, all);
  }
}

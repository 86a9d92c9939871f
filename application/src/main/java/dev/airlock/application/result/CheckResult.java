package dev.airlock.application.result;

import java.util.List;
import java.util.Objects;

/**
 * Everything one check found: the result a run would have (for reports and exit codes; nothing in it
 * was published or recorded), and each request's advice in the same order.
 *
 * @param run the outcomes, in request-file order, as a run's result
 * @param requests one per outcome of {@code run}, in the same order
 * @param policyChanged whether the change under check alters the policy
 */
public record CheckResult(RunResult run, List<RequestCheck> requests, boolean policyChanged) {

  public CheckResult {
    Objects.requireNonNull(run, "run");
    requests = List.copyOf(requests);
    if (requests.size() != run.outcomes().size()
        || !requests.stream().map(RequestCheck::outcome).toList().equals(run.outcomes())) {
      throw new IllegalArgumentException("a check has one request check per outcome, in the same order");
    }
  }

  /** How many requests' verdicts have this policy effect. */
  public long count(RequestCheck.PolicyEffect effect) {
    return requests.stream().filter(r -> r.policyEffect() == effect).count();
  }

  /** The same check with more warnings (a notifier that failed, say). */
  public CheckResult withWarnings(List<String> more) {
    RunResult withMore = run.withWarnings(more);
    return new CheckResult(withMore, requests, policyChanged);
  }

  /** The same check with more failures (a report that could not be written, say). */
  public CheckResult withFailures(List<String> more) {
    return new CheckResult(run.withFailures(more), requests, policyChanged);
  }
}

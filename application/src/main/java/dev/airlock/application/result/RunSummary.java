package dev.airlock.application.result;

import dev.airlock.domain.Finding;
import dev.airlock.domain.ScanVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The summary table of a run, written once for every place that shows it (the console and the
 * Markdown report): a header, one row per outcome, and a totals line.
 */
public final class RunSummary {
  /** The column titles. */
  public static final List<String> HEADER = List.of("PACKAGE", "VERDICT", "TOP FINDING", "PUBLISHED AS");

  private RunSummary() {}

  /** One row per outcome, cells in {@link #HEADER} order, in request-file order. */
  public static List<List<String>> rows(RunResult result) {
    List<List<String>> rows = new ArrayList<>();
    for (RequestOutcome outcome : result.outcomes()) {
      rows.add(List.of(
          packageLabel(outcome),
          verdictLabel(outcome),
          topFinding(outcome),
          outcome.publication().map(p -> p.packageName() + " " + p.version() + " (" + p.repository() + ")")
              .orElse("-")));
    }
    return rows;
  }

  /** {@code 1 approved, 1 refused, 0 error, 0 already decided (run <id>)}, and the re-evaluation counts that are not zero. */
  public static String totals(RunResult result) {
    long elsewhere = result.count(RequestOutcome.Status.IN_PROGRESS_ELSEWHERE);
    StringBuilder reevaluation = new StringBuilder();
    for (RequestOutcome.Status status : List.of(RequestOutcome.Status.REVOKED, RequestOutcome.Status.REOPENED,
        RequestOutcome.Status.UNCHANGED, RequestOutcome.Status.WOULD_REVOKE, RequestOutcome.Status.WOULD_REOPEN)) {
      long n = result.count(status);
      if (n > 0) {
        reevaluation.append(", ").append(n).append(' ').append(status.name().toLowerCase(java.util.Locale.ROOT)
            .replace('_', ' '));
      }
    }
    return String.format("%d approved, %d refused, %d error, %d already decided%s%s (run %s)",
        result.count(RequestOutcome.Status.APPROVED), result.count(RequestOutcome.Status.REFUSED),
        result.count(RequestOutcome.Status.ERROR), result.count(RequestOutcome.Status.ALREADY_DECIDED),
        reevaluation, elsewhere > 0 ? ", " + elsewhere + " in progress in another run" : "", result.runId());
  }

  /**
   * The package's name; for a dependency of a release row, with the row it is {@code (for …)} or, when
   * not approved, {@code (blocks …)}.
   */
  public static String packageLabel(RequestOutcome outcome) {
    return outcome.closure().filter(c -> c.tree().isEmpty())
        .map(c -> outcome.label() + (outcome.isApprovedNowOrBefore() ? " (for " : " (blocks ") + c.requested() + ")")
        .orElse(outcome.label());
  }

  /** The status, or the earlier verdict with {@code (earlier)} for a request decided before. */
  public static String verdictLabel(RequestOutcome outcome) {
    if (outcome.status() == RequestOutcome.Status.ALREADY_DECIDED) {
      return outcome.previousDecision().map(d -> d.outcome() + " (earlier)").orElse("DECIDED EARLIER");
    }
    return outcome.status().name();
  }

  /** The error reason, or the worst blocking (else worst) finding as {@code SEVERITY rule location}. */
  public static String topFinding(RequestOutcome outcome) {
    Optional<String> blocked = outcome.closure().flatMap(ClosureReport::blockedBecause);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    if (outcome.status() == RequestOutcome.Status.ERROR) {
      return outcome.errorReason().orElse("error");
    }
    List<Finding> candidates = !outcome.blockingFindings().isEmpty() ? outcome.blockingFindings()
        : outcome.verdict().map(ScanVerdict::findings).orElse(List.of());
    return candidates.stream().max(Comparator.comparing(Finding::severity))
        .map(f -> f.severity() + " " + f.ruleId() + " " + f.location()).orElse("-");
  }
}

package dev.airlock.application.port.in;

import java.util.Objects;

/**
 * Input of one re-evaluation.
 *
 * @param runId identifies the re-evaluation in the decisions it changes, logs and reports
 * @param dryRun when true, fetch and scan as usual but change nothing: no withdrawal, publication,
 *     ledger write or notification
 * @param pageSize how many decisions are read from the ledger at a time
 */
public record ReevaluateDecisionsCommand(String runId, boolean dryRun, int pageSize) {
  /** Decisions read per ledger page by default. */
  public static final int DEFAULT_PAGE_SIZE = 200;

  public ReevaluateDecisionsCommand {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank");
    }
    if (pageSize < 1 || pageSize > 1_000) {
      throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
    }
  }

  /** A re-evaluation with the default page size. */
  public ReevaluateDecisionsCommand(String runId, boolean dryRun) {
    this(runId, dryRun, DEFAULT_PAGE_SIZE);
  }
}

package dev.airlock.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * Input of one run.
 *
 * @param runId identifies the run in decisions, logs and reports
 * @param recheckAfter how old the last decision for an unpinned request's name and URL may be before
 *     the run downloads it again to see whether its content changed; zero always downloads
 * @param claimLease how long this run's claim on a request protects it from other runs; must be longer
 *     than a request can take (the scan timeout and then some), or two runs may both work on it
 */
public record ProcessRequestsCommand(String runId, Duration recheckAfter, Duration claimLease) {
  /** The default of {@link #recheckAfter}: a request file pushed again within a day downloads nothing decided. */
  public static final Duration DEFAULT_RECHECK_AFTER = Duration.ofHours(24);
  /** The default of {@link #claimLease}: longer than the default 30-minute scan timeout plus fetch and publish. */
  public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(45);

  public ProcessRequestsCommand {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(recheckAfter, "recheckAfter");
    Objects.requireNonNull(claimLease, "claimLease");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank");
    }
    if (recheckAfter.isNegative()) {
      throw new IllegalArgumentException("recheckAfter is negative: " + recheckAfter);
    }
    if (claimLease.isNegative() || claimLease.isZero()) {
      throw new IllegalArgumentException("claimLease must be positive, was " + claimLease);
    }
  }

  /** A run with the default recheck interval and claim lease. */
  public ProcessRequestsCommand(String runId) {
    this(runId, DEFAULT_RECHECK_AFTER, DEFAULT_CLAIM_LEASE);
  }
}

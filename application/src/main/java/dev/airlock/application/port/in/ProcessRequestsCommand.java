package dev.airlock.application.port.in;

import dev.airlock.domain.WorkerShard;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Input of one run.
 *
 * @param runId identifies the run in decisions, logs and reports
 * @param recheckAfter how old the last decision for an unpinned request's name and URL may be before
 *     the run downloads it again to see whether its content changed; zero always downloads
 * @param claimLease how long this run's claim on a request protects it from other runs; must be longer
 *     than a request can take (the scan timeout and then some), or two runs may both work on it
 * @param commit the commit that triggered the run (lower-case hex), when one is known; notifiers
 *     that report on a commit (GitHub) need it
 * @param worker when the run is spread over several workers, this one's share: it decides only the
 *     rows of its shard, notes each in the ledger and tells no requester (the assembly step does)
 */
public record ProcessRequestsCommand(String runId, Duration recheckAfter, Duration claimLease, Optional<String> commit,
    Optional<WorkerShard> worker) {
  /** The default of {@link #recheckAfter}: a request file pushed again within a day downloads nothing decided. */
  public static final Duration DEFAULT_RECHECK_AFTER = Duration.ofHours(24);
  /** The default of {@link #claimLease}: longer than the default 30-minute scan timeout plus fetch and publish. */
  public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(45);
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

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
    Objects.requireNonNull(worker, "worker");
    commit = Objects.requireNonNull(commit, "commit").map(c -> c.strip().toLowerCase(Locale.ROOT));
    if (commit.isPresent() && !COMMIT.matcher(commit.get()).matches()) {
      throw new IllegalArgumentException("commit must be a commit id (7 to 64 hex digits)");
    }
  }

  /** A run done by one process. */
  public ProcessRequestsCommand(String runId, Duration recheckAfter, Duration claimLease, Optional<String> commit) {
    this(runId, recheckAfter, claimLease, commit, Optional.empty());
  }

  /** The same run, done as one worker of several. */
  public ProcessRequestsCommand asWorker(WorkerShard shard) {
    return new ProcessRequestsCommand(runId, recheckAfter, claimLease, commit, Optional.of(shard));
  }

  /** A run not tied to a commit. */
  public ProcessRequestsCommand(String runId, Duration recheckAfter, Duration claimLease) {
    this(runId, recheckAfter, claimLease, Optional.empty());
  }

  /** A run with the default recheck interval and claim lease. */
  public ProcessRequestsCommand(String runId) {
    this(runId, DEFAULT_RECHECK_AFTER, DEFAULT_CLAIM_LEASE);
  }

  /** A run on {@code commit} with the default recheck interval and claim lease. */
  public ProcessRequestsCommand(String runId, Optional<String> commit) {
    this(runId, DEFAULT_RECHECK_AFTER, DEFAULT_CLAIM_LEASE, commit);
  }
}

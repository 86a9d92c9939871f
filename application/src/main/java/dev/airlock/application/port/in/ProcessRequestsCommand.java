package dev.airlock.application.port.in;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Input of one run.
 *
 * @param runId identifies the run in decisions, logs and reports
 * @param commit the commit that triggered the run (lower-case hex), when one is known; notifiers
 *     that report on a commit (GitHub) need it
 */
public record ProcessRequestsCommand(String runId, Optional<String> commit) {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

  public ProcessRequestsCommand {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank");
    }
    commit = Objects.requireNonNull(commit, "commit").map(c -> c.strip().toLowerCase(Locale.ROOT));
    if (commit.isPresent() && !COMMIT.matcher(commit.get()).matches()) {
      throw new IllegalArgumentException("commit must be a commit id (7 to 64 hex digits)");
    }
  }

  /** A run not tied to a commit. */
  public ProcessRequestsCommand(String runId) {
    this(runId, Optional.empty());
  }
}

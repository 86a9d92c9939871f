package dev.airlock.application.port.in;

import dev.airlock.domain.WorkerShard;
import java.util.Objects;
import java.util.Optional;

/**
 * Input of the assembly of one run spread over workers.
 *
 * @param runId the run every worker belonged to (their notes carry it)
 * @param workers how many workers shared the request file
 * @param commit the commit the run was on, when known (for notifiers that report on a commit)
 */
public record AssembleRunCommand(String runId, int workers, Optional<String> commit) {

  public AssembleRunCommand {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(commit, "commit");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank");
    }
    new WorkerShard(1, workers); // checks the count
  }
}

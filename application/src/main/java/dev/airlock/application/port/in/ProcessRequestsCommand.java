package dev.airlock.application.port.in;

import java.util.Objects;

/**
 * Input of one run.
 *
 * @param runId identifies the run in decisions, logs and reports
 */
public record ProcessRequestsCommand(String runId) {
  public ProcessRequestsCommand {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank");
    }
  }
}

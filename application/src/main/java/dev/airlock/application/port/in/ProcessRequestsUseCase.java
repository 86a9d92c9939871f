package dev.airlock.application.port.in;

import dev.airlock.application.result.RunResult;

/** Processes every new request of a request source: fetch, scan, decide, publish, record, notify. */
public interface ProcessRequestsUseCase {

  /** Runs once over the source; one request's failure never stops the others. */
  RunResult process(ProcessRequestsCommand command);
}

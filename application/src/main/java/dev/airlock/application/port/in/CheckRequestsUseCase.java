package dev.airlock.application.port.in;

import dev.airlock.application.result.CheckResult;

/**
 * Gives advice on the requests of a proposed change (a pull request): fetch, scan and decide as a run
 * would, then tell the requesters, publishing nothing and recording nothing. A check's verdict is
 * advice; only the run on the merge decides.
 */
public interface CheckRequestsUseCase {

  /** Checks every request of the source once; one request's failure never stops the others. */
  CheckResult check(CheckRequestsCommand command);
}

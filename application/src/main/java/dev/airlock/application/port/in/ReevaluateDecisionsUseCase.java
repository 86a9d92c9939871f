package dev.airlock.application.port.in;

import dev.airlock.application.result.RunResult;

/**
 * Checks the ledger's current decisions again with today's scanners, advisories and policy: revokes
 * an approval that now fails, reopens a refusal that now passes, and tells the requesters.
 */
public interface ReevaluateDecisionsUseCase {

  /** Walks every current decision once; one decision's failure never stops the others, nor changes it. */
  RunResult reevaluate(ReevaluateDecisionsCommand command);
}

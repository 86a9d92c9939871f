package dev.airlock.application.port.in;

import dev.airlock.application.result.RunResult;

/** Assembles the verdict of a run spread over several workers, once every worker has finished. */
public interface AssembleRunUseCase {

  /** Reads what each row came to from the ledger, tells the requesters and returns the run's result. */
  RunResult assemble(AssembleRunCommand command);
}

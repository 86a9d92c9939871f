package dev.airlock.application.testing;

import dev.airlock.application.port.out.DecisionLedger;

/** The in-memory ledger the service tests use keeps the same contract as the real ledgers. */
class InMemoryDecisionLedgerTest extends DecisionLedgerContract {

  @Override
  protected DecisionLedger newLedger() {
    return new InMemoryDecisionLedger();
  }
}

package dev.airlock.domain;

import java.time.Instant;

/** What a decision ledger's claim answered: the claim is ours, already decided, or held by another run. */
public sealed interface ClaimResult {

  /** The claim was written: this run may scan, publish and record. */
  record Claimed(Claim claim) implements ClaimResult {}

  /** The key already has a final decision: nothing is to be done. */
  record AlreadyDecided(Decision decision) implements ClaimResult {}

  /**
   * Another run holds a claim whose lease has not run out.
   *
   * @param runId the run holding it
   * @param leaseExpiresAt when it may be taken over
   */
  record HeldElsewhere(String runId, Instant leaseExpiresAt) implements ClaimResult {}
}

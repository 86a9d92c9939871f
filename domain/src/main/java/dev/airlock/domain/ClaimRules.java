package dev.airlock.domain;

import java.util.Optional;

/**
 * The claim protocol every decision ledger keeps, as pure functions of what a ledger holds for one
 * key: its final decision, if any, and its current claim, if any. Ledgers that decide locally (in
 * memory, files) apply these under their lock; the DynamoDB ledger says the same in condition
 * expressions, and one contract test holds every ledger to it.
 */
public final class ClaimRules {
  private ClaimRules() {}

  /** A claim that may no longer record: the run that holds or decided the key now, and why. */
  public record Lost(String holderRunId, String reason) {}

  /**
   * The ledger's answer to {@code wanted}: the key's decision when it has one; the other run's claim
   * while its lease still runs at {@code wanted.claimedAt()}; else the claim is {@code wanted}'s, which
   * the ledger then stores. A current claim with {@code wanted}'s own token is its own earlier write
   * (a retried request), so it is granted again.
   */
  public static ClaimResult claim(Claim wanted, Optional<Decision> decided, Optional<Claim> current) {
    if (decided.isPresent()) {
      return new ClaimResult.AlreadyDecided(decided.get());
    }
    if (current.isPresent() && !current.get().token().equals(wanted.token())
        && !current.get().isStaleAt(wanted.claimedAt())) {
      return new ClaimResult.HeldElsewhere(current.get().runId(), current.get().leaseExpiresAt());
    }
    return new ClaimResult.Claimed(wanted);
  }

  /**
   * Why {@code claim} may not record a decision, or empty when it may: only the holder of the key's
   * current claim records, and only once.
   */
  public static Optional<Lost> recordRefusal(Claim claim, Optional<Decision> decided, Optional<Claim> current) {
    if (decided.isPresent()) {
      String by = decided.get().runId();
      return Optional.of(new Lost(by, claim.key() + " was already decided by run " + by));
    }
    if (current.isEmpty() || !current.get().token().equals(claim.token())) {
      String holder = current.map(Claim::runId).orElse("unknown");
      return Optional.of(new Lost(holder, "the claim on " + claim.key() + " is no longer this run's (held by "
          + holder + ")"));
    }
    return Optional.empty();
  }

  /** True when giving up {@code claim} removes the key's current claim: it is that claim and the key is undecided. */
  public static boolean releases(Claim claim, Optional<Decision> decided, Optional<Claim> current) {
    return decided.isEmpty() && current.isPresent() && current.get().token().equals(claim.token());
  }
}

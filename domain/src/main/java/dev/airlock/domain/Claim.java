package dev.airlock.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One run's hold on a decision key while it scans and publishes: only the holder of the current
 * claim may record the decision, and a claim whose lease has run out may be taken over.
 *
 * @param key the name, URL and content digest being worked on
 * @param runId the run that holds it (shown to other runs)
 * @param token what tells this claim apart from every other, even of the same run
 * @param claimedAt when it was taken; the ledger compares other claims' leases with this instant
 * @param leaseExpiresAt when another run may take it over
 */
public record Claim(DecisionKey key, String runId, String token, Instant claimedAt, Instant leaseExpiresAt) {

  public Claim {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(claimedAt, "claimedAt");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    if (!leaseExpiresAt.isAfter(claimedAt)) {
      throw new IllegalArgumentException("a claim's lease must end after it was taken");
    }
  }

  /** True when another run may take this claim over at {@code now}. */
  public boolean isStaleAt(Instant now) {
    return !leaseExpiresAt.isAfter(now);
  }
}

package dev.airlock.application.port.out;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.RequestKey;
import java.util.Optional;

/**
 * Remembers final decisions so a request's content is decided once, and lets runs that share it
 * claim a decision key before working on it, so two runs never scan or publish the same content.
 *
 * <p>The protocol: {@link #claim} is a conditional write that succeeds only when the key has no
 * decision and no claim whose lease is still running; {@link #record} is a conditional write that
 * succeeds only for the current claim's holder; {@link #release} gives a claim up (after an ERROR, so
 * the next run retries at once instead of waiting for the lease).
 */
public interface DecisionLedger {

  /** The decision for this name, URL and content, if one was recorded. */
  Optional<Decision> find(DecisionKey key) throws PortException;

  /** The most recently recorded decision for this name and URL, whatever the content was. */
  Optional<Decision> findLatest(RequestKey key) throws PortException;

  /**
   * Claims {@code claim.key()} for {@code claim.runId()}: succeeds when the key has no decision and
   * either no claim or one whose lease ended at or before {@code claim.claimedAt()}.
   */
  ClaimResult claim(Claim claim) throws PortException;

  /**
   * Records the final decision on the claimed key, only if {@code claim} is still the key's claim.
   *
   * @throws ClaimLostException when another run took the claim over or decided the key
   */
  void record(Decision decision, Claim claim) throws PortException;

  /** Gives up {@code claim} if it is still the key's claim and undecided; otherwise does nothing. */
  void release(Claim claim) throws PortException;
}

package dev.airlock.application.port.out;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.DecisionPage;
import dev.airlock.domain.RequestKey;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
import java.util.List;
import java.util.Optional;

/**
 * Remembers final decisions so a request's content is decided once, and lets runs that share it
 * claim a decision key before working on it, so two runs never scan or publish the same content.
 *
 * <p>The protocol: {@link #claim} is a conditional write that succeeds only when the key has no
 * decision and no claim whose lease is still running; {@link #record} is a conditional write that
 * succeeds only for the current claim's holder; {@link #release} gives a claim up (after an ERROR, so
 * the next run retries at once instead of waiting for the lease).
 *
 * <p>Re-evaluation walks the current decisions page by page ({@link #list}) and changes one only
 * through {@link #replace}, a conditional write that keeps the decision it replaces in the key's
 * {@link #history}: nothing a ledger recorded is ever deleted.
 *
 * <p>A run spread over several workers leaves one {@link RunNote} per row ({@link #note}), so the
 * step that assembles the run's verdict after every worker finished finds what each row came to
 * ({@link #findNote}) without any worker's memory.
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

  /**
   * One page of the current decisions whose outcome is {@code outcome}: at most {@code limit}, in the
   * ledger's own stable order, starting where {@code pageToken} (the previous page's
   * {@link DecisionPage#nextPageToken()}) says, or at the start.
   */
  DecisionPage list(ScanVerdict.Outcome outcome, Optional<String> pageToken, int limit) throws PortException;

  /**
   * Replaces {@code current}, the key's decision as read, with {@code replacement} (same key), only if
   * {@code current} is still the key's decision; {@code current} joins the key's history.
   *
   * @throws ClaimLostException when another run changed the key's decision first
   */
  void replace(Decision current, Decision replacement) throws PortException;

  /** The decisions the key had before its current one, oldest first; empty when it never changed. */
  List<Decision> history(DecisionKey key) throws PortException;

  /**
   * Keeps what a worker did with one row of run {@code note.runId()}, unless the row already has a
   * note of higher rank ({@link RunNote#mayReplace}); a conditional write, so concurrent workers
   * cannot lose the higher note.
   */
  void note(RunNote note) throws PortException;

  /** The note run {@code runId} left on the row at {@code line} with this name and URL, if any. */
  Optional<RunNote> findNote(String runId, int line, RequestKey request) throws PortException;
}

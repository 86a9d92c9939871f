package dev.airlock.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The decision on one package: {@code APPROVED}, {@code REFUSED} with the findings that blocked
 * it, or {@code ERROR} with the reason it could not be decided. Only {@code APPROVED} may be
 * published. A scan never ends {@code REVOKED}: that outcome is only a ledger's, for an approval
 * that re-evaluation withdrew.
 */
@Value.Immutable
public abstract class ScanVerdict {

  /** The outcomes of a decision. */
  public enum Outcome {
    APPROVED,
    REFUSED,
    ERROR,
    /** An approval withdrawn by re-evaluation; recorded in the ledger, never the result of a scan. */
    REVOKED
  }

  public abstract Outcome outcome();

  /** Every finding the policy looked at. */
  public abstract List<Finding> findings();

  /** The findings at or above the threshold that no active waiver covers; empty unless REFUSED. */
  public abstract List<Finding> blockingFindings();

  /** Findings at or above the threshold that an active waiver let through. */
  public abstract List<Finding> waivedFindings();

  /** Waivers that would have covered a finding here but have expired. */
  public abstract List<Waiver> expiredWaivers();

  /** Why the package could not be decided; present only for ERROR. */
  public abstract Optional<String> errorReason();

  public boolean isApproved() {
    return outcome() == Outcome.APPROVED;
  }

  /** The worst finding's severity, if there are findings. */
  public Optional<Severity> worstSeverity() {
    return findings().stream().map(Finding::severity).max(Enum::compareTo);
  }

  /** An ERROR verdict: fail closed, nothing is published. */
  public static ScanVerdict error(String reason) {
    return ImmutableScanVerdict.builder().outcome(Outcome.ERROR).errorReason(reason).build();
  }

  /** An ERROR verdict that keeps the findings gathered before the failure. */
  public static ScanVerdict error(String reason, Collection<Finding> findingsSoFar) {
    return ImmutableScanVerdict.builder()
        .outcome(Outcome.ERROR)
        .errorReason(reason)
        .addAllFindings(findingsSoFar)
        .build();
  }

  /**
   * The verdict a recorded decision stands for, for a run's report assembled from the ledger: APPROVED,
   * or REFUSED with the decision's blocking findings (the only findings a ledger keeps); empty for a
   * REVOKED decision, or a refusal whose findings could not be read back.
   */
  public static Optional<ScanVerdict> ofDecision(Decision decision) {
    return switch (decision.outcome()) {
      case APPROVED -> Optional.of(decided(List.of(), List.of(), List.of(), List.of()));
      case REFUSED -> decision.blockingFindings().isEmpty() ? Optional.empty()
          : Optional.of(decided(decision.blockingFindings(), decision.blockingFindings(), List.of(), List.of()));
      case ERROR, REVOKED -> Optional.empty();
    };
  }

  static ScanVerdict decided(
      Collection<Finding> findings,
      Collection<Finding> blocking,
      Collection<Finding> waived,
      Collection<Waiver> expired) {
    return ImmutableScanVerdict.builder()
        .outcome(blocking.isEmpty() ? Outcome.APPROVED : Outcome.REFUSED)
        .addAllFindings(findings)
        .addAllBlockingFindings(blocking)
        .addAllWaivedFindings(waived)
        .addAllExpiredWaivers(expired)
        .build();
  }

  @Value.Check
  protected void check() {
    switch (outcome()) {
      case APPROVED -> {
        if (!blockingFindings().isEmpty()) {
          throw new IllegalStateException("an APPROVED verdict cannot have blocking findings");
        }
      }
      case REFUSED -> {
        if (blockingFindings().isEmpty()) {
          throw new IllegalStateException("a REFUSED verdict needs at least one blocking finding");
        }
      }
      case ERROR -> {
        if (errorReason().isEmpty() || errorReason().get().isBlank()) {
          throw new IllegalStateException("an ERROR verdict needs a reason");
        }
      }
      case REVOKED -> throw new IllegalStateException("a scan is never REVOKED; only a ledger decision is");
    }
    if (outcome() != Outcome.ERROR && errorReason().isPresent()) {
      throw new IllegalStateException("only an ERROR verdict has an error reason");
    }
  }
}

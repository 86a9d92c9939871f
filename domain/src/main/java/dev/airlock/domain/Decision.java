package dev.airlock.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A decision on one request's content, as the ledger keeps it: APPROVED or REFUSED by a run, and
 * later, through re-evaluation, REVOKED (an approval withdrawn, with the findings that withdrew it)
 * or APPROVED again (a refusal reopened). An ERROR is retried by the next run and never recorded.
 */
@Value.Immutable
public abstract class Decision {

  public abstract DecisionKey key();

  /** The name as requested. */
  public abstract String packageName();

  public abstract ScanVerdict.Outcome outcome();

  /** The version the package was published as; empty for REFUSED. */
  public abstract Optional<String> version();

  /** Where the approved package was published (for REVOKED: where it was withdrawn from); empty for REFUSED. */
  public abstract Optional<Publication> publication();

  /** The findings that refused or revoked it; empty for APPROVED. */
  public abstract List<Finding> blockingFindings();

  /** The commit whose request file asked for it, when the run knew one (a GitHub comment goes there). */
  public abstract Optional<String> commit();

  @Value.Default
  public Requester requester() {
    return Requester.unknown();
  }

  public abstract Instant decidedAt();

  /** The run that decided it: for a revocation or a reopening, the re-evaluation run that did it. */
  public abstract String runId();

  /** True when this is still the decision {@code other} is: same outcome, time and run. */
  public boolean sameAs(Decision other) {
    return key().equals(other.key()) && outcome() == other.outcome() && decidedAt().equals(other.decidedAt())
        && runId().equals(other.runId());
  }

  public static Builder builder() {
    return new Builder();
  }

  @Value.Check
  protected void check() {
    if (outcome() == ScanVerdict.Outcome.ERROR) {
      throw new IllegalArgumentException("an ERROR is not a decision; it is retried by the next run");
    }
    if (outcome() == ScanVerdict.Outcome.APPROVED
        && (publication().isEmpty() || !blockingFindings().isEmpty())) {
      throw new IllegalArgumentException("an APPROVED decision records its publication and has no blocking findings");
    }
    if (outcome() == ScanVerdict.Outcome.REFUSED && (publication().isPresent() || blockingFindings().isEmpty())) {
      throw new IllegalArgumentException("a REFUSED decision records its blocking findings and no publication");
    }
    if (outcome() == ScanVerdict.Outcome.REVOKED && (publication().isEmpty() || blockingFindings().isEmpty())) {
      throw new IllegalArgumentException(
          "a REVOKED decision records the publication it withdrew and the findings that withdrew it");
    }
  }

  /** Builds a {@link Decision}. */
  public static final class Builder extends ImmutableDecision.Builder {}
}

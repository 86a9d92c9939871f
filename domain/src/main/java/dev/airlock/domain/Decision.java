package dev.airlock.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A final decision on one request's content, as the ledger keeps it: only APPROVED and REFUSED are
 * final; an ERROR is retried by the next run and never recorded as a decision.
 */
@Value.Immutable
public abstract class Decision {

  public abstract DecisionKey key();

  /** The name as requested. */
  public abstract String packageName();

  public abstract ScanVerdict.Outcome outcome();

  /** The version the package was published as; empty for REFUSED. */
  public abstract Optional<String> version();

  /** Where the approved package was published; empty for REFUSED. */
  public abstract Optional<Publication> publication();

  /** The findings that refused it; empty for APPROVED. */
  public abstract List<Finding> blockingFindings();

  @Value.Default
  public Requester requester() {
    return Requester.unknown();
  }

  public abstract Instant decidedAt();

  /** The run that decided it. */
  public abstract String runId();

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
  }

  /** Builds a {@link Decision}. */
  public static final class Builder extends ImmutableDecision.Builder {}
}

package dev.airlock.application.result;

import dev.airlock.domain.Decision;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one request (or one unreadable row) in a run.
 *
 * @param request the request, absent for a row that could not be read
 * @param rowError the reason a row could not be read
 * @param status what the run did with it
 * @param verdict the verdict reached in this run (absent when it was decided earlier)
 * @param sha256 the content's digest, once fetched
 * @param version the version it was published as
 * @param publication where it was published
 * @param previousDecision the earlier decision that made this run skip it, or that re-evaluation checked
 * @param duration how long this request took
 * @param startedAt when the run started working on it, when known
 * @param closure how it belongs to a release row's dependency closure, when it does
 */
public record RequestOutcome(
    Optional<PackageRequest> request,
    Optional<RowError> rowError,
    Status status,
    Optional<ScanVerdict> verdict,
    Optional<Sha256> sha256,
    Optional<String> version,
    Optional<Publication> publication,
    Optional<Decision> previousDecision,
    Duration duration,
    Optional<Instant> startedAt,
    Optional<ClosureReport> closure) {

  /** What a run did with a request. */
  public enum Status {
    /** Scanned, approved and published in this run. */
    APPROVED,
    /** Scanned and refused in this run. */
    REFUSED,
    /** Could not be decided: bad row, fetch, scan, publish or record failure. Retried next run. */
    ERROR,
    /** Decided by an earlier run for the same content; nothing was done. */
    ALREADY_DECIDED,
    /** Another run holds the claim on it and is deciding it now; this run did nothing with it. */
    IN_PROGRESS_ELSEWHERE,
    /** Re-evaluation: an approval that now fails the policy, withdrawn from the repository in this run. */
    REVOKED,
    /** Re-evaluation: a refusal the current policy and scanners approve, published in this run. */
    REOPENED,
    /** Re-evaluation: checked again; the decision stands. */
    UNCHANGED,
    /** Re-evaluation with {@code --dry-run}: would be revoked; nothing was changed. */
    WOULD_REVOKE,
    /** Re-evaluation with {@code --dry-run}: would be reopened and published; nothing was changed. */
    WOULD_REOPEN,
    /**
     * Too new for the policy's minimum release age: nothing was fetched, published or recorded; the
     * first run on or after {@link RequestOutcome#eligibleAt()} decides it.
     */
    DEFERRED
  }

  public RequestOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(closure, "closure");
    if (request.isEmpty() && rowError.isEmpty()) {
      throw new IllegalArgumentException("an outcome is about a request or a row");
    }
  }

  /** An outcome whose start time is not known (yet): see {@link #startedAt(Instant)}. */
  public RequestOutcome(Optional<PackageRequest> request, Optional<RowError> rowError, Status status,
      Optional<ScanVerdict> verdict, Optional<Sha256> sha256, Optional<String> version,
      Optional<Publication> publication, Optional<Decision> previousDecision, Duration duration) {
    this(request, rowError, status, verdict, sha256, version, publication, previousDecision, duration,
        Optional.empty(), Optional.empty());
  }

  /** An outcome that belongs to no closure. */
  public RequestOutcome(Optional<PackageRequest> request, Optional<RowError> rowError, Status status,
      Optional<ScanVerdict> verdict, Optional<Sha256> sha256, Optional<String> version,
      Optional<Publication> publication, Optional<Decision> previousDecision, Duration duration,
      Optional<Instant> startedAt) {
    this(request, rowError, status, verdict, sha256, version, publication, previousDecision, duration, startedAt,
        Optional.empty());
  }

  /** The same outcome as part of a release row's closure. */
  public RequestOutcome withClosure(ClosureReport report) {
    return new RequestOutcome(request, rowError, status, verdict, sha256, version, publication, previousDecision,
        duration, startedAt, Optional.of(report));
  }

  /**
   * An artifact of a closure left undecided because a dependency was not approved: REFUSED when a
   * dependency was refused, ERROR otherwise. Nothing is published or recorded, so a later run decides
   * it again once its dependencies are approved.
   */
  public static RequestOutcome blocked(PackageRequest request, Status status, String because, ClosureReport report) {
    return new RequestOutcome(Optional.of(request), Optional.empty(), status, Optional.of(ScanVerdict.error(because)),
        request.sha256(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO, Optional.empty(),
        Optional.of(new ClosureReport(report.requested(), report.tree(), Optional.of(because))));
  }

  /** Whether this artifact may be installed: approved now or by an earlier run. */
  public boolean isApprovedNowOrBefore() {
    return status == Status.APPROVED || (status == Status.ALREADY_DECIDED
        && previousDecision.map(d -> d.outcome() == ScanVerdict.Outcome.APPROVED).orElse(false));
  }

  /** The same outcome, saying when work on it started. */
  public RequestOutcome startedAt(Instant at) {
    return new RequestOutcome(request, rowError, status, verdict, sha256, version, publication, previousDecision,
        duration, Optional.of(at), closure);
  }

  /** When work on it finished, when its start is known. */
  public Optional<Instant> finishedAt() {
    return startedAt.map(start -> start.plus(duration));
  }

  /** A row of the request file that could not be read. */
  public static RequestOutcome invalidRow(RowError error) {
    return new RequestOutcome(Optional.empty(), Optional.of(error), Status.ERROR,
        Optional.of(ScanVerdict.error(error.toString())), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Duration.ZERO);
  }

  /** A request that could not be decided. */
  public static RequestOutcome error(
      PackageRequest request, ScanVerdict verdict, Optional<Sha256> sha256, Duration duration) {
    return new RequestOutcome(Optional.of(request), Optional.empty(), Status.ERROR, Optional.of(verdict),
        sha256, Optional.empty(), Optional.empty(), Optional.empty(), duration);
  }

  /** A request too new to decide: {@code verdict} is DEFERRED and says from when it is eligible. */
  public static RequestOutcome deferred(PackageRequest request, ScanVerdict verdict, Duration duration) {
    if (verdict.outcome() != ScanVerdict.Outcome.DEFERRED) {
      throw new IllegalArgumentException("a deferred outcome needs a DEFERRED verdict");
    }
    return new RequestOutcome(Optional.of(request), Optional.empty(), Status.DEFERRED, Optional.of(verdict),
        request.sha256(), Optional.empty(), Optional.empty(), Optional.empty(), duration);
  }

  /** In the policy's audit mode: what enforcement would have blocked or deferred, though this run let it through. */
  public List<Finding> auditFindings() {
    return verdict.map(ScanVerdict::auditFindings).orElse(List.of());
  }

  /** {@code refused} or {@code deferred}: what enforcement would have made of an audited package, if anything. */
  public Optional<String> underEnforcement() {
    List<Finding> audit = auditFindings();
    if (audit.isEmpty()) {
      return Optional.empty();
    }
    boolean refused = audit.stream().anyMatch(f -> !f.ruleId().equals(dev.airlock.domain.PolicyRules.RELEASE_AGE));
    return Optional.of(refused ? "refused" : "deferred");
  }

  /** When a DEFERRED request becomes eligible to be decided. */
  public Optional<Instant> eligibleAt() {
    return verdict.flatMap(ScanVerdict::eligibleAt);
  }

  /** A request whose content an earlier run already decided. */
  public static RequestOutcome alreadyDecided(PackageRequest request, Decision previous, Duration duration) {
    return new RequestOutcome(Optional.of(request), Optional.empty(), Status.ALREADY_DECIDED,
        Optional.empty(), Optional.of(previous.key().sha256()), previous.version(),
        previous.publication(), Optional.of(previous), duration);
  }

  /** A request another run is working on: its claim's lease has not run out, so this run leaves it alone. */
  public static RequestOutcome inProgressElsewhere(PackageRequest request, Optional<Sha256> sha256,
      Duration duration) {
    return new RequestOutcome(Optional.of(request), Optional.empty(), Status.IN_PROGRESS_ELSEWHERE,
        Optional.empty(), sha256, Optional.empty(), Optional.empty(), Optional.empty(), duration);
  }

  /**
   * A decision re-evaluated in this run: {@code status} says what came of it, {@code verdict} what the
   * scanners and policy say now, {@code previous} the decision that was checked.
   */
  public static RequestOutcome reevaluated(PackageRequest request, Status status, Optional<ScanVerdict> verdict,
      Decision previous, Optional<Publication> publication, Duration duration) {
    return new RequestOutcome(Optional.of(request), Optional.empty(), status, verdict,
        Optional.of(previous.key().sha256()), publication.map(Publication::version).or(previous::version),
        publication.or(previous::publication), Optional.of(previous), duration);
  }

  /** A request decided in this run. */
  public static RequestOutcome decided(PackageRequest request, ScanVerdict verdict, Sha256 sha256,
      Optional<String> version, Optional<Publication> publication, Duration duration) {
    Status status = verdict.isApproved() ? Status.APPROVED : Status.REFUSED;
    return new RequestOutcome(Optional.of(request), Optional.empty(), status, Optional.of(verdict),
        Optional.of(sha256), version, publication, Optional.empty(), duration);
  }

  /** The package name, {@code line N} for an unreadable row, or {@code request file} when none could be read. */
  public String label() {
    return request.map(PackageRequest::name).orElseGet(() -> {
      int line = rowError.orElseThrow().line();
      return line == 0 ? "request file" : "line " + line;
    });
  }

  /** The findings that blocked it, in this run or the earlier one. */
  public List<Finding> blockingFindings() {
    return verdict.map(ScanVerdict::blockingFindings)
        .orElseGet(() -> previousDecision.map(Decision::blockingFindings).orElse(List.of()));
  }

  /** Why it could not be decided, for ERROR outcomes. */
  public Optional<String> errorReason() {
    return verdict.flatMap(ScanVerdict::errorReason);
  }

  /** True when this run decided something a requester has not heard about yet (the run holding a claim tells). */
  public boolean isNews() {
    return switch (status) {
      case APPROVED, REFUSED, ERROR, REVOKED, REOPENED, DEFERRED -> true;
      case ALREADY_DECIDED, IN_PROGRESS_ELSEWHERE, UNCHANGED, WOULD_REVOKE, WOULD_REOPEN -> false;
    };
  }
}

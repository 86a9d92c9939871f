package dev.airlock.application.service;

import static dev.airlock.application.service.Quietly.tell;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ReevaluateDecisionsCommand;
import dev.airlock.application.port.in.ReevaluateDecisionsUseCase;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.result.RequestStage;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionPage;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Re-evaluates the ledger's current decisions, a page at a time, each page's decisions concurrently
 * (virtual threads, at most {@code maxConcurrency} at work):
 *
 * <ul>
 *   <li>REVOKED first: a withdrawal an earlier run could not finish is finished (and told then).
 *   <li>APPROVED: the archive is read back from the repository it was published to and checked
 *       against its recorded SHA-256 (other bytes there revoke it), then every configured scanner
 *       and the current policy run on it. A refusal now revokes it: the ledger records REVOKED
 *       (a conditional replacement that keeps the approval in the key's history), the repository
 *       withdraws it, and the requester and InfoSec are told once.
 *   <li>REFUSED: when the findings that refused it no longer block under the current policy (a new
 *       waiver, a changed threshold), the archive is fetched again from its URL, pinned to its
 *       SHA-256, and scanned with every scanner; an approval publishes it and reopens the decision.
 * </ul>
 *
 * Fails closed: a scanner or advisory outage, a download or repository failure makes that decision's
 * outcome ERROR and changes nothing about it. {@code dryRun} reads and scans as usual but writes,
 * withdraws, publishes and tells nothing.
 */
public final class ReevaluateDecisionsService implements ReevaluateDecisionsUseCase {
  private static final Logger LOG = LoggerFactory.getLogger(ReevaluateDecisionsService.class);
  /** The rule id of the finding that revokes an approval whose published bytes changed. */
  public static final String CONTENT_CHANGED = "airlock/published-content-changed";

  private final DecisionLedger ledger;
  private final PackageRepository repository;
  private final ArtifactFetcher fetcher;
  private final ScanStep scanStep;
  private final PublishStep publishStep;
  private final SeverityPolicy policy;
  private final List<Notifier> notifiers;
  private final List<RunReporter> reporters;
  private final Clock clock;
  private final int maxConcurrency;
  private final ProgressListener progress;

  public ReevaluateDecisionsService(DecisionLedger ledger, PackageRepository repository, ArtifactFetcher fetcher,
      List<SecurityScanner> scanners, SeverityPolicy policy, DistributionReader distributions,
      List<Notifier> notifiers, List<RunReporter> reporters, Clock clock, int maxConcurrency,
      ProgressListener progress) {
    this(ledger, repository, fetcher, scanners, policy, distributions, notifiers, reporters, clock, maxConcurrency,
        progress, Optional.empty());
  }

  /** As above, with the scanners that read entries fed from one {@code entries} pass per archive. */
  public ReevaluateDecisionsService(DecisionLedger ledger, PackageRepository repository, ArtifactFetcher fetcher,
      List<SecurityScanner> scanners, SeverityPolicy policy, DistributionReader distributions,
      List<Notifier> notifiers, List<RunReporter> reporters, Clock clock, int maxConcurrency,
      ProgressListener progress, Optional<ArchiveEntries> entries) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be 1 or more, was " + maxConcurrency);
    }
    this.ledger = ledger;
    this.repository = repository;
    this.fetcher = fetcher;
    this.scanStep = new ScanStep(scanners, entries, policy, clock, Optional.of(distributions));
    this.publishStep = new PublishStep(distributions, repository, clock);
    this.policy = policy;
    this.notifiers = List.copyOf(notifiers);
    this.reporters = List.copyOf(reporters);
    this.clock = clock;
    this.maxConcurrency = maxConcurrency;
    this.progress = progress;
  }

  @Override
  // The resource is held for its close, which restores the log context: javac's "try" lint is wrong here.
  @SuppressWarnings("try")
  public RunResult reevaluate(ReevaluateDecisionsCommand command) {
    try (var runId = MDC.putCloseable(ProcessRequestsService.RUN_ID, command.runId())) {
      Instant startedAt = clock.instant();
      List<RequestOutcome> outcomes = new ArrayList<>();
      // REVOKED before APPROVED, APPROVED before REFUSED: a decision this run changes moves to a
      // list already walked, so no decision is looked at twice.
      for (ScanVerdict.Outcome outcome : List.of(ScanVerdict.Outcome.REVOKED, ScanVerdict.Outcome.APPROVED,
          ScanVerdict.Outcome.REFUSED)) {
        Optional<String> token = Optional.empty();
        do {
          DecisionPage page;
          try {
            page = ledger.list(outcome, token, command.pageSize());
          } catch (PortException | RuntimeException e) {
            String reason = e instanceof PortException ? e.getMessage() : Failures.describe(e);
            LOG.warn("cannot list the {} decisions: {}", outcome, reason);
            outcomes.add(RequestOutcome.invalidRow(RowError.of(0, "cannot list the ledger's " + outcome
                + " decisions: " + reason)));
            break;
          }
          outcomes.addAll(reevaluatePage(command, page.decisions()));
          token = page.nextPageToken();
        } while (token.isPresent());
      }
      RunResult result = new RunResult(command.runId(), "ledger", startedAt, clock.instant(), outcomes, List.of());
      return finish(command, result);
    }
  }

  /**
   * Tells the notifiers what this run revoked or reopened, and nothing else (nothing at all on a dry
   * run or when nothing changed); then the reporters all of it.
   */
  private RunResult finish(ReevaluateDecisionsCommand command, RunResult result) {
    List<Notifier> told = command.dryRun() || news(result).outcomes().isEmpty() ? List.of() : notifiers;
    return new EndOfRun<>(EndOfRun.listeners(told, Notifier::id, notifier -> r -> notifier.notify(news(r)),
        reporters, r -> r), EndOfRun.RUN).tell(result);
  }

  /** The revoked and reopened decisions of {@code result}, alone. */
  private static RunResult news(RunResult result) {
    List<RequestOutcome> news = result.outcomes().stream()
        .filter(o -> o.status() == Status.REVOKED || o.status() == Status.REOPENED).toList();
    return new RunResult(result.runId(), result.source(), result.startedAt(), result.finishedAt(), news, List.of());
  }

  private List<RequestOutcome> reevaluatePage(ReevaluateDecisionsCommand command, List<Decision> decisions) {
    return BoundedWork.map(decisions, maxConcurrency, command.runId(), decision -> decision.key().toString(),
        decision -> {
          RequestOutcome outcome = reevaluateOne(command, decision);
          tell(() -> progress.finished(outcome));
          return outcome;
        },
        (decision, reason) -> error(decision, reason, List.of(), Instant.now()));
  }

  /** Re-evaluates one decision; throws only an {@link Error}. */
  RequestOutcome reevaluateOne(ReevaluateDecisionsCommand command, Decision decision) {
    Instant start = clock.instant();
    try {
      return switch (decision.outcome()) {
        case REVOKED -> finishWithdrawal(command, decision, start);
        case APPROVED -> recheckApproval(command, decision, start);
        case REFUSED -> recheckRefusal(command, decision, start);
        case ERROR -> throw new IllegalStateException("the ledger holds an ERROR decision");
        case DEFERRED -> throw new IllegalStateException("the ledger holds a DEFERRED decision");
      };
    } catch (PortException e) {
      LOG.info("{}: {}", decision.packageName(), e.getMessage());
      return error(decision, e.getMessage(), List.of(), start);
    } catch (RuntimeException e) {
      LOG.warn("{}: unexpected failure", decision.packageName(), e);
      return error(decision, "unexpected failure: " + Failures.describe(e), List.of(), start);
    }
  }

  /** A revocation whose withdrawal an earlier run could not finish is finished now; otherwise nothing changes. */
  private RequestOutcome finishWithdrawal(ReevaluateDecisionsCommand command, Decision revoked, Instant start)
      throws PortException {
    Publication publication = revoked.publication().orElseThrow();
    PackageRequest request = requestOf(revoked);
    if (command.dryRun() || !publishedHere(publication)) {
      return unchanged(request, revoked, Optional.empty(), start);
    }
    boolean withdrawnNow = repository.withdraw(publication, reason(revoked.blockingFindings(), revoked.runId()));
    if (!withdrawnNow) {
      return unchanged(request, revoked, Optional.empty(), start);
    }
    LOG.info("{}: the withdrawal of {} {} from {} is finished", revoked.packageName(), publication.packageName(),
        publication.version(), repository.id());
    return RequestOutcome.reevaluated(request, Status.REVOKED, Optional.empty(), revoked, Optional.of(publication),
        since(start));
  }

  private RequestOutcome recheckApproval(ReevaluateDecisionsCommand command, Decision approved, Instant start)
      throws PortException {
    Publication publication = approved.publication().orElseThrow();
    PackageRequest request = requestOf(approved);
    if (!publishedHere(publication)) {
      return error(approved, "published to the " + publication.repository() + " repository, but this run's "
          + "--repository is " + repository.id() + "; re-evaluate it with --repository " + publication.repository(),
          List.of(), start);
    }
    tell(() -> progress.stage(request, RequestStage.FETCHING));
    ScanVerdict verdict;
    try (FetchedArtifact artifact = repository.fetch(publication)) {
      if (!artifact.sha256().equals(approved.key().sha256())) {
        LOG.warn("{}: the {} repository holds other bytes than were approved (sha256 {}, approved {})",
            approved.packageName(), repository.id(), artifact.sha256().shortHex(12), approved.key().sha256().shortHex(12));
        verdict = policy.evaluate(approved.packageName(), List.of(contentChanged(publication, artifact)),
            LocalDate.now(clock));
      } else {
        tell(() -> progress.stage(request, RequestStage.SCANNING));
        verdict = scanStep.scan(request, artifact);
      }
    }
    return switch (verdict.outcome()) {
      case ERROR -> error(approved, verdict.errorReason().orElseThrow() + "; the approval stands, nothing was changed",
          verdict.findings(), start);
      case APPROVED, REVOKED, DEFERRED -> unchanged(request, approved, Optional.of(verdict), start);
      case REFUSED -> command.dryRun()
          ? RequestOutcome.reevaluated(request, Status.WOULD_REVOKE, Optional.of(verdict), approved, Optional.empty(),
              since(start))
          : revoke(command, request, approved, verdict, start);
    };
  }

  /** Records REVOKED (the one write that decides which run revokes), then withdraws the publication. */
  private RequestOutcome revoke(ReevaluateDecisionsCommand command, PackageRequest request, Decision approved,
      ScanVerdict verdict, Instant start) {
    Publication publication = approved.publication().orElseThrow();
    Decision revoked = Decision.builder()
        .from(approved)
        .outcome(ScanVerdict.Outcome.REVOKED)
        .blockingFindings(verdict.blockingFindings())
        .decidedAt(clock.instant())
        .runId(command.runId())
        .build();
    try {
      ledger.replace(approved, revoked);
    } catch (ClaimLostException e) {
      LOG.warn("{}: {}; left to run {}", approved.packageName(), e.getMessage(), e.holderRunId());
      return RequestOutcome.inProgressElsewhere(request, Optional.of(approved.key().sha256()), since(start));
    } catch (PortException e) {
      return error(approved, "would be revoked, but the ledger could not record it: " + e.getMessage()
          + "; nothing was changed", verdict.findings(), start);
    }
    LOG.warn("{}: approval revoked ({} blocking finding(s)); withdrawing {} {} from {}", approved.packageName(),
        verdict.blockingFindings().size(), publication.packageName(), publication.version(), repository.id());
    try {
      tell(() -> progress.stage(request, RequestStage.PUBLISHING));
      repository.withdraw(publication, reason(verdict.blockingFindings(), command.runId()));
    } catch (PortException | RuntimeException e) {
      String why = e instanceof PortException ? e.getMessage() : Failures.describe(e);
      return error(approved, "revoked in the ledger, but the " + repository.id() + " repository could not withdraw "
          + "it: " + why + "; the next reevaluate retries the withdrawal and then tells the requester",
          verdict.findings(), start);
    }
    return RequestOutcome.reevaluated(request, Status.REVOKED, Optional.of(verdict), approved,
        Optional.of(publication), since(start));
  }

  private RequestOutcome recheckRefusal(ReevaluateDecisionsCommand command, Decision refused, Instant start)
      throws PortException {
    PackageRequest request = requestOf(refused);
    LocalDate today = LocalDate.now(clock);
    ScanVerdict recorded = policy.evaluate(refused.packageName(), refused.blockingFindings(), today);
    if (recorded.outcome() != ScanVerdict.Outcome.APPROVED) {
      return unchanged(request, refused, Optional.empty(), start); // what refused it still blocks: nothing to fetch
    }
    LOG.info("{}: the findings that refused it no longer block; fetching it to scan again", refused.packageName());
    tell(() -> progress.stage(request, RequestStage.FETCHING));
    try (FetchedArtifact artifact = fetcher.fetch(request)) {
      if (!artifact.sha256().equals(refused.key().sha256())) {
        return error(refused, "its URL now serves other content (sha256 " + artifact.sha256().shortHex(12)
            + ", refused " + refused.key().sha256().shortHex(12) + "); request it again", List.of(), start);
      }
      tell(() -> progress.stage(request, RequestStage.SCANNING));
      ScanVerdict verdict = scanStep.scan(request, artifact);
      return switch (verdict.outcome()) {
        case ERROR -> error(refused, verdict.errorReason().orElseThrow() + "; the refusal stands, nothing was changed",
            verdict.findings(), start);
        case REFUSED, REVOKED, DEFERRED -> unchanged(request, refused, Optional.of(verdict), start);
        case APPROVED -> command.dryRun()
            ? RequestOutcome.reevaluated(request, Status.WOULD_REOPEN, Optional.of(verdict), refused, Optional.empty(),
                since(start))
            : reopen(command, request, refused, artifact, verdict, start);
      };
    }
  }

  /** Publishes (reusing identical content already there), then replaces the refusal with the approval. */
  private RequestOutcome reopen(ReevaluateDecisionsCommand command, PackageRequest request, Decision refused,
      FetchedArtifact artifact, ScanVerdict verdict, Instant start) throws PortException {
    tell(() -> progress.stage(request, RequestStage.PUBLISHING));
    Publication publication = publishStep.publish(request, artifact, verdict);
    Decision approved = Decision.builder()
        .from(refused)
        .outcome(ScanVerdict.Outcome.APPROVED)
        .version(publication.version())
        .publication(publication)
        .blockingFindings(List.of())
        .decidedAt(clock.instant())
        .runId(command.runId())
        .build();
    try {
      ledger.replace(refused, approved);
    } catch (ClaimLostException e) {
      LOG.warn("{}: {}; left to run {}", refused.packageName(), e.getMessage(), e.holderRunId());
      return RequestOutcome.inProgressElsewhere(request, Optional.of(refused.key().sha256()), since(start));
    }
    LOG.info("{}: refusal reopened; published {} to {}", refused.packageName(), publication.version(), repository.id());
    return RequestOutcome.reevaluated(request, Status.REOPENED, Optional.of(verdict), refused, Optional.of(publication),
        since(start));
  }

  private boolean publishedHere(Publication publication) {
    return publication.repository().equals(repository.id());
  }

  /** The request a decision was made on, pinned to the content that was decided. */
  private static PackageRequest requestOf(Decision decision) {
    return PackageRequest.builder()
        .name(decision.packageName())
        .url(URI.create(decision.key().request().url()))
        .sha256(decision.key().sha256())
        .requester(decision.requester())
        .build();
  }

  private static Finding contentChanged(Publication publication, FetchedArtifact artifact) {
    return Finding.builder()
        .ruleId(CONTENT_CHANGED)
        .title("The published archive is not the one that was approved")
        .severity(Severity.CRITICAL)
        .description("The repository holds " + publication.assetName() + " with SHA-256 " + artifact.sha256().hex()
            + ", but the approval was for " + publication.sha256().hex() + ". Someone replaced the published bytes.")
        .recommendation("Treat it as a security incident: find who changed the repository, and uninstall the package.")
        .scanner("airlock")
        .build();
  }

  /** One line for repositories that can show why (release notes, the quarantine's withdrawal.json). */
  static String reason(List<Finding> blocking, String runId) {
    return "revoked by Airlock re-evaluation run " + runId + ": " + blocking.stream().limit(5)
        .map(f -> f.severity() + " " + f.ruleId() + (f.title().isBlank() ? "" : " (" + f.title() + ")"))
        .collect(Collectors.joining("; ")) + (blocking.size() > 5 ? "; and " + (blocking.size() - 5) + " more" : "");
  }

  private RequestOutcome unchanged(PackageRequest request, Decision decision, Optional<ScanVerdict> verdict,
      Instant start) {
    return RequestOutcome.reevaluated(request, Status.UNCHANGED, verdict, decision, Optional.empty(), since(start));
  }

  private RequestOutcome error(Decision decision, String reason, List<Finding> findings, Instant start) {
    PackageRequest request;
    try {
      request = requestOf(decision);
    } catch (RuntimeException e) {
      request = PackageRequest.builder().name(decision.packageName()).url(URI.create("about:invalid")).build();
    }
    return new RequestOutcome(Optional.of(request), Optional.empty(), Status.ERROR,
        Optional.of(ScanVerdict.error(reason, findings)), Optional.of(decision.key().sha256()), decision.version(),
        decision.publication(), Optional.of(decision), since(start));
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }
}

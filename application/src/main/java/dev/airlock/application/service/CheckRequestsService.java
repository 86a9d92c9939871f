package dev.airlock.application.service;

import static dev.airlock.application.service.Quietly.release;
import static dev.airlock.application.service.Quietly.tell;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.CheckRequestsCommand;
import dev.airlock.application.port.in.CheckRequestsUseCase;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.CheckNotifier;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.CheckResult;
import dev.airlock.application.result.RequestCheck;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestStage;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import dev.airlock.domain.Waiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Checks a change's requests: fetches, scans and applies the policy exactly as a run does, and tells
 * the check notifiers, concurrently (one virtual thread per request, at most {@code maxConcurrency}
 * at work). Advice only, by construction: this service is given no package repository and no
 * decision ledger, so it can neither publish nor record a decision, whatever its adapters are.
 */
public final class CheckRequestsService implements CheckRequestsUseCase {
  private static final Logger LOG = LoggerFactory.getLogger(CheckRequestsService.class);

  private final RequestSource source;
  private final ArtifactFetcher fetcher;
  private final List<SecurityScanner> scanners;
  private final Optional<ArchiveEntries> entries;
  private final EndOfRun<CheckResult> endOfRun;
  private final Clock clock;
  private final int maxConcurrency;
  private final ProgressListener progress;
  private final Optional<DistributionReader> distributions;

  public CheckRequestsService(RequestSource source, ArtifactFetcher fetcher, List<SecurityScanner> scanners,
      List<CheckNotifier> notifiers, List<RunReporter> reporters, Clock clock, int maxConcurrency,
      ProgressListener progress) {
    this(source, fetcher, scanners, notifiers, reporters, clock, maxConcurrency, progress, Optional.empty(),
        Optional.empty());
  }

  /**
   * As above, with the scanners that read entries fed from one {@code entries} pass per archive, and
   * reading an archive's own metadata (version, licence) when the policy needs it.
   */
  public CheckRequestsService(RequestSource source, ArtifactFetcher fetcher, List<SecurityScanner> scanners,
      List<CheckNotifier> notifiers, List<RunReporter> reporters, Clock clock, int maxConcurrency,
      ProgressListener progress, Optional<ArchiveEntries> entries, Optional<DistributionReader> distributions) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be 1 or more, was " + maxConcurrency);
    }
    if (scanners.isEmpty()) {
      throw new IllegalArgumentException("at least one scanner must be configured");
    }
    this.source = source;
    this.fetcher = fetcher;
    this.scanners = List.copyOf(scanners);
    this.entries = entries;
    this.endOfRun = new EndOfRun<>(EndOfRun.listeners(notifiers, CheckNotifier::id, n -> n::notify, reporters,
        CheckResult::run), new EndOfRun.Amend<>(CheckResult::withWarnings, CheckResult::withFailures));
    this.clock = clock;
    this.maxConcurrency = maxConcurrency;
    this.progress = progress;
    this.distributions = distributions;
  }

  @Override
  // The resource is held for its close, which restores the log context: javac's "try" lint is wrong here.
  @SuppressWarnings("try")
  public CheckResult check(CheckRequestsCommand command) {
    try (var runId = MDC.putCloseable(ProcessRequestsService.RUN_ID, command.runId())) {
      return checkLogged(command);
    }
  }

  private CheckResult checkLogged(CheckRequestsCommand command) {
    Instant startedAt = clock.instant();
    ParsedRequestFile parsed;
    try {
      parsed = source.load();
    } catch (PortException | RuntimeException e) {
      String reason = e instanceof PortException ? e.getMessage() : Failures.describe(e);
      RequestOutcome unreadable = RequestOutcome.invalidRow(
          RowError.of(0, "cannot read " + source.describe() + ": " + reason));
      return finish(command, startedAt, List.of(RequestCheck.of(unreadable)), List.of());
    }
    List<RequestCheck> checks = new ArrayList<>();
    parsed.errors().forEach(error -> checks.add(RequestCheck.of(RequestOutcome.invalidRow(error))));
    checks.addAll(checkAll(command, parsed.requests()));
    checks.sort(Comparator.comparingInt(c -> lineOf(c.outcome())));
    return finish(command, startedAt, checks, parsed.warnings());
  }

  private CheckResult finish(CheckRequestsCommand command, Instant startedAt, List<RequestCheck> checks,
      List<String> sourceWarnings) {
    RunResult run = new RunResult(command.runId(), source.describe(), startedAt, clock.instant(),
        checks.stream().map(RequestCheck::outcome).toList(), sourceWarnings, command.commit());
    CheckResult result = new CheckResult(run, checks, command.changesPolicy());
    return endOfRun.tell(result);
  }

  private List<RequestCheck> checkAll(CheckRequestsCommand command, List<PackageRequest> requests) {
    ScanStep scanStep = new ScanStep(scanners, entries, command.policy(), clock, distributions);
    return BoundedWork.map(requests, maxConcurrency, command.runId(),
        request -> request.normalisedName() + "@" + request.displayUrl(),
        request -> {
          Instant started = clock.instant();
          RequestCheck check = checkOne(command, scanStep, request, started);
          tell(() -> progress.finished(check.outcome()));
          return check;
        },
        (request, reason) -> RequestCheck.of(RequestOutcome.error(request, ScanVerdict.error(reason), Optional.empty(),
            Duration.ZERO)));
  }

  /** Fetch, scan, apply the policy (and the policy before the change); never throws but an {@link Error}. */
  private RequestCheck checkOne(CheckRequestsCommand command, ScanStep scanStep, PackageRequest request,
      Instant start) {
    try {
      tell(() -> progress.stage(request, RequestStage.FETCHING));
      FetchedArtifact artifact = fetcher.fetch(request, bytes -> tell(() -> progress.fetched(request, bytes)));
      try {
        return judge(command, scanStep, request, artifact, start);
      } finally {
        release(request, artifact);
      }
    } catch (PortException e) {
      LOG.info("{}: {}", request.name(), e.getMessage());
      return RequestCheck.of(RequestOutcome.error(request, ScanVerdict.error(e.getMessage()), Optional.empty(),
          since(start)).startedAt(start));
    } catch (RuntimeException e) {
      LOG.warn("{}: unexpected failure", request.name(), e);
      return RequestCheck.of(RequestOutcome.error(request, ScanVerdict.error("unexpected failure: "
          + Failures.describe(e)), Optional.empty(), since(start)).startedAt(start));
    }
  }

  private RequestCheck judge(CheckRequestsCommand command, ScanStep scanStep, PackageRequest request,
      FetchedArtifact artifact, Instant start) {
    Sha256 sha256 = artifact.sha256();
    if (request.sha256().isPresent() && !request.sha256().get().equals(sha256)) {
      return RequestCheck.of(RequestOutcome.error(request, ScanVerdict.error("content SHA-256 " + sha256
          + " does not match the pinned " + request.sha256().get()), Optional.of(sha256), since(start))
          .startedAt(start));
    }
    tell(() -> progress.stage(request, RequestStage.SCANNING));
    ScanVerdict verdict = scanStep.scan(request, artifact);
    if (verdict.outcome() == ScanVerdict.Outcome.ERROR) {
      return RequestCheck.of(RequestOutcome.error(request, verdict, Optional.of(sha256), since(start))
          .startedAt(start));
    }
    RequestOutcome outcome = RequestOutcome.decided(request, verdict, sha256, Optional.empty(), Optional.empty(),
        since(start)).startedAt(start);
    if (command.policyBefore().isEmpty()) {
      return RequestCheck.of(outcome);
    }
    SeverityPolicy before = command.policyBefore().get();
    LocalDate today = LocalDate.now(clock);
    ScanVerdict underBefore = before.evaluate(scanStep.facts(request, artifact), verdict.findings(), today);
    List<Waiver> added = command.policy().waivers().stream()
        .filter(w -> !before.waivers().contains(w) && w.isActiveOn(today))
        .filter(w -> verdict.findings().stream().anyMatch(f -> w.covers(request.name(), f)))
        .toList();
    return new RequestCheck(outcome, Optional.of(underBefore), added);
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }

  private static int lineOf(RequestOutcome outcome) {
    return outcome.request()
        .map(r -> r.line().orElse(Integer.MAX_VALUE))
        .orElseGet(() -> outcome.rowError().orElseThrow().line());
  }
}

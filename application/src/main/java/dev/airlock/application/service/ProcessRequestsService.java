package dev.airlock.application.service;

import dev.airlock.application.port.ClaimLostException;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.port.in.ProcessRequestsUseCase;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.NpmRegistry;
import dev.airlock.application.port.out.PackageRegistry;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.ClosureReport;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestStage;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.CheckedContent;
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.ClosureNode;
import dev.airlock.domain.Finding;
import dev.airlock.domain.NpmNames;
import dev.airlock.domain.NpmRelease;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.RegistryFile;
import dev.airlock.domain.ReleaseRequest;
import dev.airlock.domain.PackageVersions;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.Publication;
import dev.airlock.domain.PythonTarget;
import dev.airlock.domain.RowError;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import dev.airlock.domain.WorkerShard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Processes a run's requests concurrently (one virtual thread each, at most {@code maxConcurrency}
 * at work at once). Fails closed: a request is published only when every scanner finished and the
 * policy approved, and any failure makes that one request ERROR.
 *
 * <p>As one worker of a run spread over several ({@link ProcessRequestsCommand#worker()}), it decides
 * only its shard's {@code name,url} rows, notes what each came to in the ledger and tells no
 * requester: {@link AssembleRunService} does, from the notes, once every worker has finished. Rows
 * it cannot read and release rows are left to the assembly, which reports them.
 */
public final class ProcessRequestsService implements ProcessRequestsUseCase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRequestsService.class);
  /** Log context keys: every log line of a run carries its id, and of a request its key. */
  static final String RUN_ID = "runId";
  static final String REQUEST = "request";

  private final RequestSource source;
  private final ArtifactFetcher fetcher;
  private final ScanStep scanStep;
  private final PublishStep publishStep;
  private final PackageRepository repository;
  private final DecisionLedger ledger;
  private final EndOfRun<RunResult> endOfRun;
  private final Clock clock;
  private final int maxConcurrency;
  private final ProgressListener progress;
  private final Optional<PythonClosureResolver> python;
  private final Optional<NpmClosureResolver> npm;

  public ProcessRequestsService(
      RequestSource source,
      ArtifactFetcher fetcher,
      List<SecurityScanner> scanners,
      SeverityPolicy policy,
      DistributionReader distributions,
      PackageRepository repository,
      DecisionLedger ledger,
      List<Notifier> notifiers,
      Clock clock,
      int maxConcurrency) {
    this(source, fetcher, scanners, policy, distributions, repository, ledger, notifiers, clock, maxConcurrency,
        ProgressListener.none());
  }

  /** As above, telling {@code progress} what each request is doing. */
  public ProcessRequestsService(
      RequestSource source,
      ArtifactFetcher fetcher,
      List<SecurityScanner> scanners,
      SeverityPolicy policy,
      DistributionReader distributions,
      PackageRepository repository,
      DecisionLedger ledger,
      List<Notifier> notifiers,
      Clock clock,
      int maxConcurrency,
      ProgressListener progress) {
    this(source, fetcher, scanners, policy, distributions, repository, ledger, notifiers, clock, maxConcurrency,
        progress, Optional.empty(), PythonTarget.SAGEMAKER_STUDIO, List.of());
  }

  /**
   * As above, resolving release rows ({@code pandas==2.2.3}) through {@code registry} to their whole
   * dependency closure for {@code target} (without a registry such rows end in ERROR), and telling
   * {@code reporters} the result once the notifiers have been told.
   */
  public ProcessRequestsService(
      RequestSource source,
      ArtifactFetcher fetcher,
      List<SecurityScanner> scanners,
      SeverityPolicy policy,
      DistributionReader distributions,
      PackageRepository repository,
      DecisionLedger ledger,
      List<Notifier> notifiers,
      Clock clock,
      int maxConcurrency,
      ProgressListener progress,
      Optional<PackageRegistry> registry,
      PythonTarget target,
      List<RunReporter> reporters) {
    this(source, fetcher, scanners, policy, distributions, repository, ledger, notifiers, clock, maxConcurrency,
        progress, registry, target, reporters, Optional.empty());
  }

  /**
   * As above, also resolving npm release rows ({@code npm:lodash@4.17.21}) through {@code npmRegistry};
   * without one such rows end in ERROR.
   */
  public ProcessRequestsService(
      RequestSource source,
      ArtifactFetcher fetcher,
      List<SecurityScanner> scanners,
      SeverityPolicy policy,
      DistributionReader distributions,
      PackageRepository repository,
      DecisionLedger ledger,
      List<Notifier> notifiers,
      Clock clock,
      int maxConcurrency,
      ProgressListener progress,
      Optional<PackageRegistry> registry,
      PythonTarget target,
      List<RunReporter> reporters,
      Optional<NpmRegistry> npmRegistry) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be 1 or more, was " + maxConcurrency);
    }
    this.source = source;
    this.fetcher = fetcher;
    this.scanStep = new ScanStep(scanners, policy, clock);
    this.publishStep = new PublishStep(distributions, repository, clock);
    this.repository = repository;
    this.ledger = ledger;
    this.endOfRun = new EndOfRun<>(EndOfRun.listeners(notifiers, Notifier::id, n -> n::notify, reporters, r -> r),
        EndOfRun.RUN);
    this.clock = clock;
    this.maxConcurrency = maxConcurrency;
    this.progress = progress;
    this.python = registry.map(r -> new PythonClosureResolver(r, fetcher, distributions, target));
    this.npm = npmRegistry.map(NpmClosureResolver::new);
  }

  @Override
  public RunResult process(ProcessRequestsCommand command) {
    try (var runId = MDC.putCloseable(RUN_ID, command.runId())) {
      return processLogged(command);
    }
  }

  private RunResult processLogged(ProcessRequestsCommand command) {
    Instant startedAt = clock.instant();
    ParsedRequestFile parsed;
    try {
      parsed = source.load();
    } catch (PortException | RuntimeException e) {
      String reason = e instanceof PortException ? e.getMessage() : Failures.describe(e);
      RequestOutcome unreadable = RequestOutcome.invalidRow(
          RowError.of(0, "cannot read " + source.describe() + ": " + reason));
      return finish(command, startedAt, List.of(unreadable), List.of());
    }
    if (command.worker().isPresent()) {
      return asWorker(command, command.worker().get(), startedAt, parsed);
    }
    List<RequestOutcome> outcomes = new ArrayList<>();
    parsed.errors().forEach(error -> outcomes.add(RequestOutcome.invalidRow(error)));
    outcomes.addAll(processAll(command, parsed.requests()));
    outcomes.addAll(new Closures(command).process(parsed.releases()));
    outcomes.sort((a, b) -> Integer.compare(lineOf(a), lineOf(b)));
    // The source's own warnings (requesters it could not attribute, say) reach the result and the notifiers.
    return finish(command, startedAt, outcomes, parsed.warnings());
  }

  private RunResult finish(ProcessRequestsCommand command, Instant startedAt, List<RequestOutcome> outcomes,
      List<String> sourceWarnings) {
    RunResult result = new RunResult(command.runId(), source.describe(), startedAt, clock.instant(), outcomes,
        sourceWarnings, command.commit());
    if (command.worker().isPresent()) {
      return result; // a worker's result is part of a run: the assembly tells the requesters and reports
    }
    return endOfRun.tell(result);
  }

  /** This worker's shard of the file's {@code name,url} rows, each noted as it ends; no requester is told. */
  private RunResult asWorker(ProcessRequestsCommand command, WorkerShard shard, Instant startedAt,
      ParsedRequestFile parsed) {
    List<PackageRequest> mine = parsed.requests().stream().filter(r -> shard.owns(r.key())).toList();
    LOG.info("worker {}: {} of the {} requests are this worker's", shard, mine.size(), parsed.requests().size());
    List<RequestOutcome> outcomes = new ArrayList<>(processAll(command, mine));
    outcomes.sort((a, b) -> Integer.compare(lineOf(a), lineOf(b)));
    return new RunResult(command.runId(), source.describe(), startedAt, clock.instant(), outcomes,
        parsed.warnings(), command.commit());
  }

  private List<RequestOutcome> processAll(ProcessRequestsCommand command, List<PackageRequest> requests) {
    return BoundedWork.map(requests, maxConcurrency, command.runId(),
        request -> request.normalisedName() + "@" + request.displayUrl(),
        request -> {
          Instant started = clock.instant();
          RequestOutcome outcome = processOne(command, request).startedAt(started);
          note(command, outcome);
          tell(() -> progress.finished(outcome));
          return outcome;
        },
        (request, reason) -> {
          RequestOutcome failed = RequestOutcome.error(request, ScanVerdict.error(reason), Optional.empty(),
              Duration.ZERO);
          note(command, failed);
          tell(() -> progress.finished(failed));
          return failed;
        });
  }

  /**
   * A worker's note of what a row came to. One that cannot be written leaves the row without a note,
   * which the assembly reports as ERROR (fail closed); the decision itself, if any, stands.
   */
  private void note(ProcessRequestsCommand command, RequestOutcome outcome) {
    if (command.worker().isEmpty()) {
      return;
    }
    PackageRequest request = outcome.request().orElseThrow();
    if (request.line().isEmpty()) {
      LOG.warn("{}: has no line in the request file, so no note is left; the assembly reports it as ERROR",
          request.name());
      return;
    }
    RunNote.Status status = switch (outcome.status()) {
      case APPROVED, REFUSED -> RunNote.Status.DECIDED;
      case ALREADY_DECIDED -> RunNote.Status.ALREADY_DECIDED;
      case IN_PROGRESS_ELSEWHERE -> RunNote.Status.IN_PROGRESS_ELSEWHERE;
      default -> RunNote.Status.ERROR;
    };
    Optional<Sha256> sha256 = outcome.previousDecision().map(d -> d.key().sha256()).or(outcome::sha256);
    Optional<String> reason = status == RunNote.Status.ERROR
        ? Optional.of(outcome.errorReason().orElse("ended in " + outcome.status())) : Optional.empty();
    try {
      ledger.note(new RunNote(command.runId(), request.line().getAsInt(), request.key(), status, sha256, reason,
          command.worker().get().toString(), clock.instant()));
    } catch (PortException | RuntimeException e) {
      LOG.warn("{}: cannot note the outcome {} for the assembly, which will report it as ERROR: {}", request.name(),
          outcome.status(), Failures.describe(e));
    }
  }

  /** Claim, fetch, scan, decide, publish, record; throws only an {@link Error}. */
  RequestOutcome processOne(ProcessRequestsCommand command, PackageRequest request) {
    return new RequestWork(command, request).run();
  }

  /**
   * One request's way through this run. It owns the claim it takes: the claim is spent recording
   * the decision, or given up when the request ends in ERROR or an {@link Error} (a class an adapter
   * cannot load, say) ends it, so the next run retries at once.
   */
  private final class RequestWork {
    private final ProcessRequestsCommand command;
    private final PackageRequest request;
    private final Instant start;
    /** This run's claim on the request's content, once taken. */
    private Claim claim;

    RequestWork(ProcessRequestsCommand command, PackageRequest request) {
      this.command = command;
      this.request = request;
      this.start = clock.instant();
    }

    RequestOutcome run() {
      RequestOutcome outcome = null;
      try {
        outcome = attempt();
        return outcome;
      } finally {
        if (claim != null && (outcome == null || outcome.status() == RequestOutcome.Status.ERROR)) {
          giveUp();
        }
      }
    }

    private RequestOutcome attempt() {
      try {
        Optional<Sha256> expected = request.expectedSha256();
        if (expected.isPresent()) {
          // Pinned by the row, or by what the pull request's check saw: the content to decide is known.
          Optional<RequestOutcome> notOurs = claim(request.key().withContent(expected.get()),
              ", pinned content not fetched");
          if (notOurs.isPresent()) {
            return notOurs.get();
          }
        } else {
          Optional<Decision> recent = recentDecision(command, request);
          if (recent.isPresent()) {
            LOG.info("{}: decided {} at {}, within --recheck-after {}; not fetched", request.name(),
                recent.get().outcome(), recent.get().decidedAt(), command.recheckAfter());
            return RequestOutcome.alreadyDecided(request, recent.get(), since(start));
          }
        }
        tell(() -> progress.stage(request, RequestStage.FETCHING));
        FetchedArtifact artifact = fetcher.fetch(request, bytes -> tell(() -> progress.fetched(request, bytes)));
        try {
          return decide(artifact);
        } finally {
          release(request, artifact);
        }
      } catch (PortException e) {
        LOG.info("{}: {}", request.name(), e.getMessage());
        return RequestOutcome.error(request, ScanVerdict.error(e.getMessage()), Optional.empty(), since(start));
      } catch (RuntimeException e) {
        LOG.warn("{}: unexpected failure", request.name(), e);
        return RequestOutcome.error(request, ScanVerdict.error("unexpected failure: " + Failures.describe(e)),
            Optional.empty(), since(start));
      }
    }

    /**
     * Claims {@code key} for this run unless the ledger has decided it or another run holds it: the
     * outcome to report then, or empty when the claim is this run's.
     */
    private Optional<RequestOutcome> claim(DecisionKey key, String decidedNote) throws PortException {
      Optional<Decision> earlier = ledger.find(key);
      if (earlier.isPresent()) {
        LOG.info("{}: already decided ({}){}", request.name(), earlier.get().outcome(), decidedNote);
        return Optional.of(RequestOutcome.alreadyDecided(request, earlier.get(), since(start)));
      }
      Instant now = clock.instant();
      Claim wanted = new Claim(key, command.runId(), UUID.randomUUID().toString(), now,
          now.plus(command.claimLease()));
      return switch (ledger.claim(wanted)) {
        case ClaimResult.Claimed claimed -> {
          claim = claimed.claim();
          yield Optional.empty();
        }
        case ClaimResult.AlreadyDecided decided -> {
          LOG.info("{}: already decided ({}) by run {}", request.name(), decided.decision().outcome(),
              decided.decision().runId());
          yield Optional.of(RequestOutcome.alreadyDecided(request, decided.decision(), since(start)));
        }
        case ClaimResult.HeldElsewhere other -> {
          LOG.info("{}: run {} is deciding it (claim lease until {}); left to it", request.name(), other.runId(),
              other.leaseExpiresAt());
          yield Optional.of(RequestOutcome.inProgressElsewhere(request, Optional.of(key.sha256()), since(start)));
        }
      };
    }

    /** Gives up the claim after an ERROR so the next run retries at once; failing that, its lease runs out. */
    private void giveUp() {
      try {
        ledger.release(claim);
      } catch (PortException | RuntimeException e) {
        LOG.warn("{}: cannot release the claim (it lapses at {}): {}", request.name(), claim.leaseExpiresAt(),
            Failures.describe(e));
      }
    }

    private RequestOutcome decide(FetchedArtifact artifact) throws PortException {
      Sha256 sha256 = artifact.sha256();
      if (request.sha256().isPresent() && !request.sha256().get().equals(sha256)) {
        return RequestOutcome.error(request, ScanVerdict.error("content SHA-256 " + sha256
            + " does not match the pinned " + request.sha256().get()), Optional.of(sha256), since(start));
      }
      Optional<CheckedContent> checked = request.checkedContent().filter(c -> request.sha256().isEmpty());
      if (checked.isPresent() && !checked.get().sha256().equals(sha256)) {
        return RequestOutcome.error(request, ScanVerdict.error("the upstream file changed between check and merge: "
            + checked.get().checkedBy() + " saw SHA-256 " + checked.get().sha256() + ", the merge fetched " + sha256
            + "; nothing was published. Ask again in a new pull request (pin the sha256 you expect) so the new file"
            + " is checked"), Optional.of(sha256), since(start));
      }
      if (claim == null) {
        Optional<RequestOutcome> notOurs = claim(request.key().withContent(sha256), " for this content");
        if (notOurs.isPresent()) {
          return notOurs.get();
        }
      }

      tell(() -> progress.stage(request, RequestStage.SCANNING));
      ScanVerdict verdict = scanStep.scan(request, artifact);
      if (verdict.outcome() == ScanVerdict.Outcome.ERROR) {
        return RequestOutcome.error(request, verdict, Optional.of(sha256), since(start));
      }
      try {
        return publishAndRecord(artifact, verdict);
      } catch (ClaimLostException e) {
        LOG.warn("{}: {}; run {} decides it", request.name(), e.getMessage(), e.holderRunId());
        return RequestOutcome.inProgressElsewhere(request, Optional.of(sha256), since(start));
      } catch (PortException e) {
        LOG.info("{}: {}", request.name(), e.getMessage());
        return RequestOutcome.error(request, ScanVerdict.error(e.getMessage(), verdict.findings()),
            Optional.of(sha256), since(start));
      }
    }

    private RequestOutcome publishAndRecord(FetchedArtifact artifact, ScanVerdict verdict) throws PortException {
      DecisionKey key = claim.key();
      Sha256 sha256 = key.sha256();
      Optional<String> version = Optional.empty();
      Optional<Publication> publication = Optional.empty();
      if (verdict.isApproved()) {
        tell(() -> progress.stage(request, RequestStage.PUBLISHING));
        Publication published = publishStep.publish(request, artifact, verdict);
        version = Optional.of(published.version());
        publication = Optional.of(published);
      }
      ledger.record(Decision.builder()
          .key(key)
          .packageName(request.name())
          .outcome(verdict.outcome())
          .version(version)
          .publication(publication)
          .blockingFindings(verdict.blockingFindings())
          .requester(request.requester())
          .decidedAt(clock.instant())
          .runId(command.runId())
          .commit(command.commit())
          .build(), claim);
      return RequestOutcome.decided(request, verdict, sha256, version, publication, since(start));
    }
  }

  /** The last decision for an unpinned request's name and URL, when it is recent enough to skip downloading. */
  private Optional<Decision> recentDecision(ProcessRequestsCommand command, PackageRequest request)
      throws PortException {
    if (command.recheckAfter().isZero()) {
      return Optional.empty();
    }
    Instant notBefore = clock.instant().minus(command.recheckAfter());
    return ledger.findLatest(request.key()).filter(d -> d.decidedAt().isAfter(notBefore));
  }

  /**
   * Tells the progress listener something. A display that fails must not turn a decision (or a
   * publication already made) into an ERROR, nor lose the outcome: its failure is only logged.
   */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("progress display failed: {}", Failures.describe(e));
    }
  }

  /** A temporary file that cannot be deleted is worth a warning, not a changed decision. */
  private static void release(PackageRequest request, FetchedArtifact artifact) {
    try {
      artifact.close();
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot release the fetched archive: {}", request.name(), Failures.describe(e));
    }
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }

  /**
   * The release rows of one run: each resolved to its closure; every artifact of every closure
   * fetched, scanned, decided and published through {@link #processOne} on its own, dependencies
   * before what needs them; an artifact whose dependency is not approved is blocked (neither
   * published nor recorded), so a requested package is approved only with its whole closure.
   */
  private final class Closures {
    private final ProcessRequestsCommand command;

    Closures(ProcessRequestsCommand command) {
      this.command = command;
    }

    /** A release row resolved to its closure, or the outcome that says why it could not be. */
    private record Resolved(Optional<ResolvedClosure> closure, Optional<RequestOutcome> failed) {}

    List<RequestOutcome> process(List<ReleaseRequest> releases) {
      // Rows resolve concurrently (each its own registry round trips), bounded like the downloads.
      List<Resolved> resolved = BoundedWork.map(releases, maxConcurrency, command.runId(), ReleaseRequest::spec,
          this::resolve, (release, reason) -> failed(release, "unexpected failure resolving " + release.spec() + ": "
              + reason));
      List<RequestOutcome> outcomes = new ArrayList<>();
      List<ResolvedClosure> resolutions = new ArrayList<>();
      for (Resolved r : resolved) {
        r.closure().ifPresent(resolutions::add);
        r.failed().ifPresent(outcomes::add);
      }
      outcomes.addAll(decide(resolutions));
      return outcomes;
    }

    private Resolved resolve(ReleaseRequest release) {
      PackageRequest asRequest = ParsedRequestFile.asRequest(release);
      boolean isNpm = release.ecosystem() == ReleaseRequest.Ecosystem.NPM;
      if (isNpm ? npm.isEmpty() : python.isEmpty()) {
        return failed(release, "no " + (isNpm ? "npm" : "Python") + " package registry is configured to resolve "
            + release.spec());
      }
      try {
        tell(() -> progress.stage(asRequest, RequestStage.FETCHING));
        ResolvedClosure closure = isNpm ? npm.get().resolve(release) : python.get().resolve(release);
        LOG.info("{}: closure of {} artifacts for the target", release.spec(), closure.artifacts().size());
        return new Resolved(Optional.of(closure), Optional.empty());
      } catch (PortException e) {
        return failed(release, "cannot resolve the dependency closure of " + release.spec() + ": " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("{}: unexpected failure resolving", release.spec(), e);
        return failed(release, "unexpected failure resolving " + release.spec() + ": " + Failures.describe(e));
      }
    }

    private Resolved failed(ReleaseRequest release, String problem) {
      LOG.info("{}: {}", release.spec(), problem);
      RequestOutcome failed = RequestOutcome.error(ParsedRequestFile.asRequest(release), ScanVerdict.error(problem),
          Optional.empty(), Duration.ZERO);
      tell(() -> progress.finished(failed));
      return new Resolved(Optional.empty(), Optional.of(failed));
    }

    /** Decides every artifact of the resolved closures, leaves first. */
    private List<RequestOutcome> decide(List<ResolvedClosure> resolutions) {
      Map<String, PackageRequest> requests = new LinkedHashMap<>();
      Map<String, Set<String>> needs = new HashMap<>();
      // Which release rows each dependency is part of the closure of: what it blocks when it is not approved.
      Map<String, Set<String>> neededBy = new HashMap<>();
      for (var resolution : resolutions) {
        var release = resolution.requested();
        for (var artifact : resolution.artifacts().values()) {
          String url = artifact.url().toString();
          if (artifact != resolution.root()) {
            neededBy.computeIfAbsent(url, u -> new LinkedHashSet<>()).add(release.spec());
          }
          needs.computeIfAbsent(url, u -> new LinkedHashSet<>());
          artifact.needs().forEach(n -> needs.get(url).add(resolution.get(n).url().toString()));
          if (requests.containsKey(url)) {
            continue;
          }
          var builder = PackageRequest.builder()
              .name(requestName(release, artifact))
              .url(artifact.url())
              .sha256(artifact.sha256())
              .integrity(artifact.integrity())
              .registryFile(artifact.registryFile())
              .npmRelease(artifact.npmRelease())
              .requester(release.requester());
          release.line().ifPresent(builder::line);
          if (artifact != resolution.root()) {
            builder.neededFor(release.spec());
          }
          requests.put(url, builder.build());
        }
      }
      Map<String, Integer> levels = new HashMap<>();
      for (String url : requests.keySet()) {
        level(url, needs, levels, new HashSet<>());
      }
      Map<String, RequestOutcome> decided = new HashMap<>();
      int top = levels.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
      for (int level = 0; level <= top; level++) {
        List<PackageRequest> ready = new ArrayList<>();
        for (var entry : requests.entrySet()) {
          if (levels.get(entry.getKey()) != level) {
            continue;
          }
          Optional<RequestOutcome> blocked = blocked(entry.getValue(), needs.get(entry.getKey()), decided, requests);
          if (blocked.isPresent()) {
            LOG.info("{}: {}", entry.getValue().name(), blocked.get().closure().get().blockedBecause().get());
            tell(() -> progress.finished(blocked.get()));
            decided.put(entry.getKey(), blocked.get());
          } else {
            ready.add(entry.getValue());
          }
        }
        List<RequestOutcome> done = processAll(command, ready);
        for (int i = 0; i < ready.size(); i++) {
          decided.put(ready.get(i).url().toString(), done.get(i));
        }
      }
      List<RequestOutcome> outcomes = new ArrayList<>();
      Set<String> listed = new HashSet<>();
      for (var resolution : resolutions) {
        String spec = resolution.requested().spec();
        for (var artifact : resolution.artifacts().values()) {
          String url = artifact.url().toString();
          if (!listed.add(url)) {
            continue;
          }
          RequestOutcome outcome = decided.get(url);
          ClosureReport report = artifact == resolution.root()
              ? new ClosureReport(spec, Optional.of(tree(artifact, resolution, decided, new HashSet<>())),
                  outcome.closure().flatMap(ClosureReport::blockedBecause))
              : new ClosureReport(String.join(", ", neededBy.getOrDefault(url, Set.of(spec))), Optional.empty(),
                  outcome.closure().flatMap(ClosureReport::blockedBecause));
          outcomes.add(outcome.withClosure(report));
        }
      }
      return outcomes;
    }

    /**
     * The name an artifact is requested, decided and waived under: the Python project's name, an npm
     * package's name without its scope (as for an npm release row itself).
     */
    private static String requestName(ReleaseRequest release, ResolvedClosure.Artifact artifact) {
      if (release.ecosystem() != ReleaseRequest.Ecosystem.NPM) {
        return artifact.name();
      }
      String unscoped = NpmNames.unscoped(artifact.name());
      String trimmed = unscoped.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
      return trimmed.isEmpty() ? "npm-package" : trimmed;
    }

    /** The outcome of an artifact that a dependency keeps from being decided, or empty when all are approved. */
    private Optional<RequestOutcome> blocked(PackageRequest request, Set<String> needed,
        Map<String, RequestOutcome> decided, Map<String, PackageRequest> requests) {
      for (String dependency : needed) {
        RequestOutcome outcome = decided.get(dependency);
        if (outcome == null || outcome.isApprovedNowOrBefore()) {
          continue; // not decided yet: a dependency cycle, decided together
        }
        boolean refused = outcome.status() == RequestOutcome.Status.REFUSED
            || (outcome.status() == RequestOutcome.Status.ALREADY_DECIDED && outcome.previousDecision()
                .map(d -> d.outcome() == ScanVerdict.Outcome.REFUSED).orElse(false));
        PackageRequest dep = requests.get(dependency);
        String depVersion = dep.registryFile().map(RegistryFile::version)
            .or(() -> dep.npmRelease().map(NpmRelease::version)).orElse("");
        String depName = dep.npmRelease().map(NpmRelease::name).orElse(dep.name());
        String because = "its dependency " + depName + " " + depVersion
            + (refused ? " is refused" : " could not be decided") + ": " + why(outcome);
        return Optional.of(RequestOutcome.blocked(request,
            refused ? RequestOutcome.Status.REFUSED : RequestOutcome.Status.ERROR, because,
            new ClosureReport(request.neededFor().orElse(request.name()), Optional.empty(), Optional.of(because))));
      }
      return Optional.empty();
    }

    private static String why(RequestOutcome outcome) {
      Optional<String> blocked = outcome.closure().flatMap(ClosureReport::blockedBecause);
      if (blocked.isPresent()) {
        return blocked.get();
      }
      List<Finding> findings = outcome.blockingFindings();
      if (!findings.isEmpty()) {
        var first = findings.get(0);
        return findings.size() + " blocking finding(s), first " + first.severity() + " " + first.ruleId() + " ("
            + first.title() + ")";
      }
      return outcome.errorReason().orElse(outcome.status().toString());
    }

    private int level(String url, Map<String, Set<String>> needs, Map<String, Integer> levels, Set<String> visiting) {
      Integer known = levels.get(url);
      if (known != null) {
        return known;
      }
      visiting.add(url);
      int level = 0;
      for (String dependency : needs.getOrDefault(url, Set.of())) {
        if (!visiting.contains(dependency)) {
          level = Math.max(level, level(dependency, needs, levels, visiting) + 1);
        }
      }
      visiting.remove(url);
      levels.put(url, level);
      return level;
    }

    private ClosureNode tree(ResolvedClosure.Artifact artifact, ResolvedClosure resolution,
        Map<String, RequestOutcome> decided, Set<String> seen) {
      String url = artifact.url().toString();
      RequestOutcome outcome = decided.get(url);
      boolean first = seen.add(url);
      List<ClosureNode> children = new ArrayList<>();
      if (first) {
        for (String need : artifact.needs()) {
          children.add(tree(resolution.get(need), resolution, decided, seen));
        }
      }
      boolean reused = outcome.status() == RequestOutcome.Status.ALREADY_DECIDED;
      String verdict = outcome.closure().flatMap(ClosureReport::blockedBecause).isPresent() ? "BLOCKED"
          : reused ? outcome.previousDecision().map(d -> d.outcome().toString()).orElse("ALREADY_DECIDED")
          : outcome.status().toString();
      Optional<String> reason = outcome.isApprovedNowOrBefore() ? Optional.empty() : Optional.of(why(outcome));
      return new ClosureNode(resolution.requested().ecosystem().id(), artifact.name(), artifact.version(),
          artifact.fileName(), artifact.url(), artifact.sha256().or(outcome::sha256), artifact.integrity(), verdict,
          reused, reason, artifact.uploadedAt(), artifact.yanked(), artifact.licence(), children);
    }
  }

  private static int lineOf(RequestOutcome outcome) {
    return outcome.request()
        .map(r -> r.line().orElse(Integer.MAX_VALUE))
        .orElseGet(() -> outcome.rowError().orElseThrow().line());
  }
}

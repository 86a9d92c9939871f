package dev.airlock.application.service;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.AssembleRunCommand;
import dev.airlock.application.port.in.AssembleRunUseCase;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.RowError;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import dev.airlock.domain.WorkerShard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Assembles the result of a run whose rows several workers decided ({@link ProcessRequestsService}
 * with a {@link WorkerShard}): reads the request file again, finds each row's note and decision in
 * the ledger, and tells the requesters once, as a run done by one process would. Fails closed: a row
 * no worker noted (its worker stopped, or its build failed), or noted as decided with no decision in
 * the ledger, is ERROR, so the run's exit code is red and the next run retries it.
 */
public final class AssembleRunService implements AssembleRunUseCase {
  private static final Logger LOG = LoggerFactory.getLogger(AssembleRunService.class);

  private final RequestSource source;
  private final DecisionLedger ledger;
  private final EndOfRun<RunResult> endOfRun;
  private final Clock clock;
  private final int maxConcurrency;

  /** Tells {@code notifiers}, then {@code reporters}, the assembled result, as a run done by one process does. */
  public AssembleRunService(RequestSource source, DecisionLedger ledger, List<Notifier> notifiers,
      List<RunReporter> reporters, Clock clock, int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be 1 or more, was " + maxConcurrency);
    }
    this.source = source;
    this.ledger = ledger;
    this.endOfRun = new EndOfRun<>(EndOfRun.listeners(notifiers, Notifier::id, n -> n::notify, reporters, r -> r),
        EndOfRun.RUN);
    this.clock = clock;
    this.maxConcurrency = maxConcurrency;
  }

  @Override
  public RunResult assemble(AssembleRunCommand command) {
    try (var runId = MDC.putCloseable(ProcessRequestsService.RUN_ID, command.runId())) {
      Instant startedAt = clock.instant();
      List<RequestOutcome> outcomes = new ArrayList<>();
      List<String> sourceWarnings = List.of();
      try {
        ParsedRequestFile parsed = source.load();
        sourceWarnings = parsed.warnings();
        parsed.errors().forEach(error -> outcomes.add(RequestOutcome.invalidRow(error)));
        outcomes.addAll(BoundedWork.map(parsed.requests(), maxConcurrency, command.runId(),
            request -> request.normalisedName() + "@" + request.displayUrl(),
            request -> outcome(command, request),
            (request, reason) -> RequestOutcome.error(request, ScanVerdict.error(reason), Optional.empty(),
                Duration.ZERO)));
        for (var release : parsed.releases()) {
          outcomes.add(RequestOutcome.error(ParsedRequestFile.asRequest(release), ScanVerdict.error(
              "release rows such as " + release.spec() + " are not spread over workers yet; run them without "
                  + "workers"), Optional.empty(), Duration.ZERO));
        }
      } catch (PortException | RuntimeException e) {
        String reason = e instanceof PortException ? e.getMessage() : Failures.describe(e);
        outcomes.add(RequestOutcome.invalidRow(RowError.of(0, "cannot read " + source.describe() + ": " + reason)));
      }
      outcomes.sort((a, b) -> Integer.compare(lineOf(a), lineOf(b)));
      RunResult result = new RunResult(command.runId(), source.describe(), startedAt, clock.instant(), outcomes,
          sourceWarnings, command.commit());
      LOG.info("assembled run {} from {} workers: {} approved, {} refused, {} error, {} already decided",
          command.runId(), command.workers(), result.count(RequestOutcome.Status.APPROVED),
          result.count(RequestOutcome.Status.REFUSED), result.count(RequestOutcome.Status.ERROR),
          result.count(RequestOutcome.Status.ALREADY_DECIDED));
      return endOfRun.tell(result);
    }
  }

  /** What one row came to, from its worker's note and the ledger's decision. */
  private RequestOutcome outcome(AssembleRunCommand command, PackageRequest request) throws PortException {
    WorkerShard worker = WorkerShard.of(request.key(), command.workers());
    if (request.line().isEmpty()) {
      return error(request, "it has no line in the request file, so no worker could note it", Optional.empty());
    }
    Optional<RunNote> note = ledger.findNote(command.runId(), request.line().getAsInt(), request.key());
    if (note.isEmpty()) {
      return error(request, "worker " + worker + " of run " + command.runId() + " left no outcome for it (the"
          + " worker stopped or its build failed: see its log); it is retried on the next run", Optional.empty());
    }
    RunNote noted = note.get();
    return switch (noted.status()) {
      case ERROR -> error(request, noted.errorReason().orElseThrow(), noted.sha256());
      case IN_PROGRESS_ELSEWHERE -> RequestOutcome.inProgressElsewhere(request, noted.sha256(), Duration.ZERO);
      case DECIDED, ALREADY_DECIDED -> {
        Sha256 sha256 = noted.sha256().orElseThrow();
        Optional<Decision> decision = ledger.find(request.key().withContent(sha256));
        if (decision.isEmpty()) {
          yield error(request, "worker " + noted.worker() + " noted it " + noted.status() + ", but the ledger holds no"
              + " decision for its content " + sha256.shortHex(12) + "; it is retried on the next run",
              Optional.of(sha256));
        }
        yield outcomeOf(command, request, decision.get());
      }
    };
  }

  /** Decided in this run (by any of its workers): news for the requester; decided by an earlier run: not. */
  private static RequestOutcome outcomeOf(AssembleRunCommand command, PackageRequest request, Decision decision) {
    Optional<ScanVerdict> verdict = ScanVerdict.ofDecision(decision);
    if (!decision.runId().equals(command.runId()) || verdict.isEmpty()) {
      return RequestOutcome.alreadyDecided(request, decision, Duration.ZERO);
    }
    return RequestOutcome.decided(request, verdict.get(), decision.key().sha256(), decision.version(),
        decision.publication(), Duration.ZERO);
  }

  private static RequestOutcome error(PackageRequest request, String reason, Optional<Sha256> sha256) {
    LOG.info("{}: {}", request.name(), reason);
    return RequestOutcome.error(request, ScanVerdict.error(reason), sha256, Duration.ZERO);
  }

  private static int lineOf(RequestOutcome outcome) {
    return outcome.request()
        .map(r -> r.line().orElse(Integer.MAX_VALUE))
        .orElseGet(() -> outcome.rowError().orElseThrow().line());
  }
}

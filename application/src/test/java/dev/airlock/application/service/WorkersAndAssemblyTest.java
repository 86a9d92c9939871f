package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.bytes;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.request;
import static dev.airlock.application.testing.TestData.sha256Of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.AssembleRunCommand;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.FixedRequestSource;
import dev.airlock.application.testing.InMemoryDecisionLedger;
import dev.airlock.application.testing.InMemoryPackageRepository;
import dev.airlock.application.testing.RecordingNotifier;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.Decision;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.RowError;
import dev.airlock.domain.RunNote;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.WorkerShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A run spread over workers that share one ledger and repository, then assembled: each request is
 * decided by the worker whose shard holds it, and the assembly reports and notifies the whole run once.
 */
@DisplayName("a run spread over workers, then assembled")
class WorkersAndAssemblyTest {
  private static final String RUN = "pipeline-execution-7";
  private static final int ROWS = 40;

  private final List<PackageRequest> requests = new ArrayList<>();
  private final InMemoryDecisionLedger ledger = new InMemoryDecisionLedger();
  private final InMemoryPackageRepository repository = new InMemoryPackageRepository();
  private final RecordingNotifier workerNotifier = RecordingNotifier.withId("worker-console");
  private final RecordingNotifier assemblyNotifier = RecordingNotifier.withId("assembly-console");
  private ScriptedArtifactFetcher fetcher;
  private ScriptedSecurityScanner scanner;
  private FixedRequestSource source;

  @BeforeEach
  void requestFile() {
    for (int i = 1; i <= ROWS; i++) {
      PackageRequest plain = request("package-" + i, i + 1);
      requests.add(i % 2 == 0 ? PackageRequest.builder().from(plain).sha256(sha256Of(contentOf(plain.name()))).build()
          : plain);
    }
    fetcher = ScriptedArtifactFetcher.serving(bytes("unused"));
    requests.forEach(r -> fetcher.content(r.name(), contentOf(r.name())));
    scanner = ScriptedSecurityScanner.withId("builtin").reporting("package-3", finding("B602", Severity.HIGH));
    source = FixedRequestSource.of(requests, List.of(RowError.of(1, "line 1: not name,url[,sha256]")));
  }

  private ProcessRequestsService worker() {
    return new ProcessRequestsService(source, fetcher, List.of(scanner), SeverityPolicy.defaultPolicy(),
        ScriptedDistributionReader.generic(), repository, ledger, List.of(workerNotifier), fixedClock(), 4);
  }

  private AssembleRunService assembly() {
    return new AssembleRunService(source, ledger, List.of(assemblyNotifier), List.of(), fixedClock(), 4);
  }

  private static ProcessRequestsCommand command() {
    return new ProcessRequestsCommand(RUN);
  }

  @Test
  void shouldDecideEachRequestInExactlyOneWorkerAndAssembleTheWholeRunWhenThreeWorkersShareTheFile()
      throws Exception {
    // When
    List<RunResult> workers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      workers.add(worker().process(command().asWorker(new WorkerShard(i, 3))));
    }
    RunResult assembled = assembly().assemble(new AssembleRunCommand(RUN, 3, Optional.empty()));

    // Then: the workers split the rows between them, fetched and scanned each once, told nobody
    assertThat(workers).flatMap(RunResult::outcomes).extracting(RequestOutcome::label)
        .containsExactlyInAnyOrderElementsOf(requests.stream().map(PackageRequest::name).toList());
    assertThat(workers).allSatisfy(w -> assertThat(w.outcomes()).isNotEmpty());
    assertThat(fetcher.fetchedNames()).containsExactlyInAnyOrderElementsOf(
        requests.stream().map(PackageRequest::name).toList());
    assertThat(scanner.scanned()).hasSize(ROWS);
    assertThat(ledger.recorded()).extracting(Decision::packageName).doesNotHaveDuplicates().hasSize(ROWS);
    assertThat(repository.published()).extracting(Publication::packageName).hasSize(ROWS - 1);
    assertThat(workerNotifier.results()).isEmpty();
    // ... and the assembly is the run as one process would have reported it, told once
    assertThat(assembled.runId()).isEqualTo(RUN);
    assertThat(assembled.outcomes()).hasSize(ROWS + 1);
    assertThat(assembled.count(Status.APPROVED)).isEqualTo(ROWS - 1);
    assertThat(assembled.count(Status.REFUSED)).isEqualTo(1);
    assertThat(assembled.count(Status.ERROR)).isEqualTo(1);
    assertThat(statusOf(assembled, "package-3")).isEqualTo(Status.REFUSED);
    assertThat(outcomeOf(assembled, "package-3").blockingFindings()).extracting(f -> f.ruleId()).containsExactly("B602");
    assertThat(outcomeOf(assembled, "package-4").publication()).isPresent();
    assertThat(assembled.outcomes().get(0).rowError()).isPresent();
    assertThat(assemblyNotifier.results()).containsExactly(assembled);
  }

  @Test
  void shouldReportTheRowsOfAWorkerThatNeverRanAsErrorsNamingItWhenAssembled() {
    // Given: workers 1 and 3 of 3 finished; worker 2 never ran
    worker().process(command().asWorker(new WorkerShard(1, 3)));
    worker().process(command().asWorker(new WorkerShard(3, 3)));

    // When
    RunResult assembled = assembly().assemble(new AssembleRunCommand(RUN, 3, Optional.empty()));

    // Then: fail closed, every row of shard 2 is an ERROR that says which worker left it
    List<PackageRequest> missing = requests.stream().filter(r -> WorkerShard.of(r.key(), 3).index() == 2).toList();
    assertThat(missing).isNotEmpty();
    for (PackageRequest request : missing) {
      RequestOutcome outcome = outcomeOf(assembled, request.name());
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason().orElseThrow()).contains("worker 2/3 of run " + RUN + " left no outcome");
    }
    assertThat(assembled.count(Status.ERROR)).isEqualTo(missing.size() + 1);
    assertThat(assembled.hasErrors()).isTrue();
  }

  @Test
  void shouldCarryAWorkersErrorReasonIntoTheAssembledRunWhenAFetchFailed() {
    // Given
    fetcher.failure("package-5", new PortException("cannot fetch package-5: HTTP 503"));

    // When
    for (int i = 1; i <= 2; i++) {
      worker().process(command().asWorker(new WorkerShard(i, 2)));
    }
    RunResult assembled = assembly().assemble(new AssembleRunCommand(RUN, 2, Optional.empty()));

    // Then
    assertThat(statusOf(assembled, "package-5")).isEqualTo(Status.ERROR);
    assertThat(outcomeOf(assembled, "package-5").errorReason()).contains("cannot fetch package-5: HTTP 503");
    assertThat(ledger.openClaims()).isEmpty();
  }

  @Test
  void shouldDecideEachRequestOnceWhenAWorkerIsStartedTwiceOnTheSameShard() {
    // Given: worker 1/2 ran, then was retried while its first attempt's decisions stood
    worker().process(command().asWorker(new WorkerShard(1, 2)));
    worker().process(command().asWorker(new WorkerShard(1, 2)));
    worker().process(command().asWorker(new WorkerShard(2, 2)));

    // When
    RunResult assembled = assembly().assemble(new AssembleRunCommand(RUN, 2, Optional.empty()));

    // Then: decided once, and still reported as decided in this run (the retry's note does not hide it)
    assertThat(ledger.recorded()).extracting(Decision::packageName).doesNotHaveDuplicates().hasSize(ROWS);
    assertThat(assembled.count(Status.APPROVED) + assembled.count(Status.REFUSED)).isEqualTo(ROWS);
    assertThat(ledger.notes()).extracting(RunNote::status).containsOnly(RunNote.Status.DECIDED);
  }

  @Test
  void shouldReportRowsDecidedByAnEarlierRunAsAlreadyDecidedWhenAssembled() {
    // Given: an earlier run (one process) decided everything
    worker().process(new ProcessRequestsCommand("earlier-run"));

    // When
    for (int i = 1; i <= 2; i++) {
      worker().process(command().asWorker(new WorkerShard(i, 2)));
    }
    RunResult assembled = assembly().assemble(new AssembleRunCommand(RUN, 2, Optional.empty()));

    // Then
    assertThat(assembled.count(Status.ALREADY_DECIDED)).isEqualTo(ROWS);
    assertThat(assembled.outcomes().stream().filter(RequestOutcome::isNews)
        .collect(Collectors.groupingBy(RequestOutcome::status, Collectors.counting())))
        .containsOnlyKeys(Status.ERROR); // only the unreadable row is news
  }

  private static byte[] contentOf(String name) {
    return bytes("the archive of " + name);
  }

  private static RequestOutcome outcomeOf(RunResult result, String name) {
    return result.outcomes().stream().filter(o -> o.label().equals(name)).findFirst().orElseThrow();
  }

  private static Status statusOf(RunResult result, String name) {
    return outcomeOf(result, name).status();
  }

}

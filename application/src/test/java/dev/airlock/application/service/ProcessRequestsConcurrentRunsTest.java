package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.bytes;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.request;
import static dev.airlock.application.testing.TestData.sha256Of;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.FixedRequestSource;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.application.testing.InMemoryDecisionLedger;
import dev.airlock.application.testing.InMemoryPackageRepository;
import dev.airlock.application.testing.RecordingNotifier;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.Decision;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two runs started together on the same request file, sharing one ledger and one repository (as two
 * CodeBuild builds share the DynamoDB table and CodeArtifact): each request is worked on by one run.
 */
@DisplayName("two ProcessRequestsService runs at once over the same file and ledger")
class ProcessRequestsConcurrentRunsTest {
  private static final int PINNED = 6;
  private static final int UNPINNED = 6;

  @RepeatedTest(10)
  void shouldFetchScanPublishAndRecordEachRequestOnceWhenTwoRunsStartTogether() throws Exception {
    // Given: pinned and unpinned requests, one of which is refused
    List<PackageRequest> requests = new ArrayList<>();
    for (int i = 1; i <= PINNED + UNPINNED; i++) {
      PackageRequest plain = request("package-" + i, i);
      requests.add(i <= PINNED
          ? PackageRequest.builder().from(plain).sha256(sha256Of(contentOf(plain.name()))).build()
          : plain);
    }
    ScriptedArtifactFetcher fetcher = ScriptedArtifactFetcher.serving(bytes("unused"));
    requests.forEach(r -> fetcher.content(r.name(), contentOf(r.name())));
    ScriptedSecurityScanner scanner = ScriptedSecurityScanner.withId("builtin")
        .reporting("package-3", finding("B602", Severity.HIGH));
    InMemoryPackageRepository repository = new InMemoryPackageRepository();
    InMemoryDecisionLedger ledger = new InMemoryDecisionLedger();
    RequestSource file = new StartTogether(FixedRequestSource.of(requests, List.of()), new CyclicBarrier(2));
    Function<String, ProcessRequestsService> serviceFor = run -> new ProcessRequestsService(file, fetcher,
        List.of(scanner), SeverityPolicy.defaultPolicy(), ScriptedDistributionReader.generic(), repository, ledger,
        List.of(RecordingNotifier.withId(run)), fixedClock(), 4);

    // When: both runs start at the same moment
    List<RunResult> results;
    try (ExecutorService runs = Executors.newFixedThreadPool(2)) {
      Future<RunResult> a = runs.submit(() -> serviceFor.apply("a").process(new ProcessRequestsCommand("run-a")));
      Future<RunResult> b = runs.submit(() -> serviceFor.apply("b").process(new ProcessRequestsCommand("run-b")));
      results = List.of(a.get(30, SECONDS), b.get(30, SECONDS));
    }

    // Then: every request scanned, recorded and (when approved) published exactly once
    List<String> names = requests.stream().map(PackageRequest::name).toList();
    assertThat(scanner.scanned()).containsExactlyInAnyOrderElementsOf(names);
    assertThat(ledger.recorded()).extracting(Decision::packageName).containsExactlyInAnyOrderElementsOf(names);
    assertThat(repository.published()).extracting(Publication::packageName)
        .containsExactlyInAnyOrderElementsOf(names.stream().filter(n -> !n.equals("package-3")).toList());
    // ... pinned content is fetched once; unpinned content is fetched at most once per run (its key needs its hash)
    Map<String, Long> fetches = fetcher.fetchedNames().stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    IntStream.rangeClosed(1, PINNED).forEach(i -> assertThat(fetches.get("package-" + i)).as("fetches of package-%d", i)
        .isEqualTo(1L));
    IntStream.rangeClosed(PINNED + 1, PINNED + UNPINNED).forEach(i -> assertThat(fetches.get("package-" + i))
        .as("fetches of package-%d", i).isBetween(1L, 2L));
    // ... each request decided in exactly one run; the other run saw it decided or in progress, never an error
    for (String name : names) {
      List<Status> statuses = results.stream().map(r -> statusOf(r, name)).toList();
      assertThat(statuses).as(name).filteredOn(s -> s == Status.APPROVED || s == Status.REFUSED).hasSize(1);
      assertThat(statuses).as(name).doesNotContain(Status.ERROR);
    }
    assertThat(results).noneMatch(RunResult::hasErrors);
    assertThat(ledger.openClaims()).isEmpty();
  }

  private static Status statusOf(RunResult result, String name) {
    return result.outcomes().stream().filter(o -> o.label().equals(name)).map(RequestOutcome::status)
        .findFirst().orElseThrow();
  }

  private static byte[] contentOf(String name) {
    return bytes("the archive of " + name);
  }

  /** A request file both runs read at the same moment, so their requests race for the same claims. */
  private record StartTogether(RequestSource delegate, CyclicBarrier barrier) implements RequestSource {
    @Override
    public String describe() {
      return delegate.describe();
    }

    @Override
    public ParsedRequestFile load() throws PortException {
      try {
        barrier.await(10, SECONDS);
        return delegate.load();
      } catch (Exception e) {
        throw new PortException("the two runs did not start together: " + e);
      }
    }
  }
}

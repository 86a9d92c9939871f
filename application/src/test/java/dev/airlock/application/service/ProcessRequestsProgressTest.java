package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestStage;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.FixedRequestSource;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.application.testing.InMemoryDecisionLedger;
import dev.airlock.application.testing.InMemoryPackageRepository;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.application.testing.TestData;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the use case tells a progress display and the log context while it works. */
class ProcessRequestsProgressTest {
  private final PackageRequest clean = request("tidy-stats", 1);
  private final PackageRequest bad = request("fast-json-helper", 2);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Map<String, String> logContextAtFetch = new ConcurrentHashMap<>();

  private final ProgressListener recorder = new ProgressListener() {
    @Override
    public void stage(PackageRequest request, RequestStage stage) {
      events.add(request.name() + " " + stage);
    }

    @Override
    public void fetched(PackageRequest request, long bytes) {
      events.add(request.name() + " " + bytes + " bytes");
    }

    @Override
    public void finished(RequestOutcome outcome) {
      events.add(outcome.label() + " " + outcome.status());
    }
  };

  /** Serves the default content, says how many bytes it read, and notes the log context it ran in. */
  private final ScriptedArtifactFetcher scripted = ScriptedArtifactFetcher.serving(TestData.defaultContent());
  private final dev.airlock.application.port.out.ArtifactFetcher fetcher =
      new dev.airlock.application.port.out.ArtifactFetcher() {
        @Override
        public FetchedArtifact fetch(PackageRequest request) throws PortException {
          return scripted.fetch(request);
        }

        @Override
        public FetchedArtifact fetch(PackageRequest request, LongConsumer bytesSoFar) throws PortException {
          logContextAtFetch.put(request.name(), MDC.get("runId") + " " + MDC.get("request"));
          bytesSoFar.accept(TestData.defaultContent().length);
          return fetch(request);
        }
      };

  private RunResult run() {
    var scanner = ScriptedSecurityScanner.withId("builtin").reporting("fast-json-helper", finding("B602", Severity.HIGH));
    return new ProcessRequestsService(FixedRequestSource.of(clean, bad), fetcher, List.of(scanner),
        SeverityPolicy.defaultPolicy(), ScriptedDistributionReader.generic(), new InMemoryPackageRepository(),
        new InMemoryDecisionLedger(), List.of(), fixedClock(), 1, recorder).process(TestData.defaultCommand());
  }

  @Test
  void shouldReportEachStepInOrderAndPublishingOnlyForApprovalsWhenRequestsAreProcessed() {
    // When
    run();

    // Then
    int size = TestData.defaultContent().length;
    assertThat(events.stream().filter(e -> e.startsWith("tidy-stats ")).toList()).containsExactly(
        "tidy-stats FETCHING", "tidy-stats " + size + " bytes", "tidy-stats SCANNING", "tidy-stats PUBLISHING",
        "tidy-stats APPROVED");
    assertThat(events.stream().filter(e -> e.startsWith("fast-json-helper ")).toList()).containsExactly(
        "fast-json-helper FETCHING", "fast-json-helper " + size + " bytes", "fast-json-helper SCANNING",
        "fast-json-helper REFUSED");
  }

  @Test
  void shouldPutTheRunIdAndTheRequestKeyWithoutSecretsInTheLogContextWhileWorkingOnARequest() {
    // When
    run();

    // Then
    assertThat(logContextAtFetch).containsEntry("tidy-stats", TestData.RUN_ID + " tidy-stats@" + clean.displayUrl());
    assertThat(MDC.get("runId")).as("cleared once the run is over").isNull();
  }

  @Test
  void shouldStampEachOutcomeWithWhenWorkOnItStartedWhenRequestsAreProcessed() {
    // When
    RunResult result = run();

    // Then
    assertThat(result.outcomes()).allSatisfy(outcome -> {
      assertThat(outcome.startedAt()).contains(TestData.NOW);
      assertThat(outcome.finishedAt()).contains(TestData.NOW.plus(outcome.duration()));
    });
  }
}

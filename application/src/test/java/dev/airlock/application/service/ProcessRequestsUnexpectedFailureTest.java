package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.defaultContent;
import static dev.airlock.application.testing.TestData.defaultRequest;
import static dev.airlock.application.testing.TestData.fixedClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.result.RequestStage;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.FixedRequestSource;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.application.testing.InMemoryDecisionLedger;
import dev.airlock.application.testing.InMemoryPackageRepository;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.SeverityPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a run does when something throws that no port promises: an Error, or a failing progress display. */
@DisplayName("ProcessRequestsService on unexpected failures")
class ProcessRequestsUnexpectedFailureTest {
  private final InMemoryDecisionLedger ledger = new InMemoryDecisionLedger();
  private final InMemoryPackageRepository repository = new InMemoryPackageRepository();

  private RunResult run(SecurityScanner scanner, ProgressListener progress) {
    return new ProcessRequestsService(FixedRequestSource.of(defaultRequest()),
        ScriptedArtifactFetcher.serving(defaultContent()), List.of(scanner), SeverityPolicy.defaultPolicy(),
        ScriptedDistributionReader.generic(), repository, ledger, List.of(), fixedClock(), 2, progress)
        .process(new ProcessRequestsCommand("run-1"));
  }

  @Test
  void shouldGiveUpTheClaimAndReportAnErrorWhenAScannerThrowsAnError() {
    // Given: a scanner whose class cannot be loaded half-way through the run
    SecurityScanner broken = new SecurityScanner() {
      @Override
      public String id() {
        return "broken";
      }

      @Override
      public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) {
        throw new NoClassDefFoundError("software/amazon/awssdk/Missing");
      }
    };
    List<String> finished = new CopyOnWriteArrayList<>();

    // When
    RunResult result = run(broken, new ProgressListener() {
      @Override
      public void stage(PackageRequest request, RequestStage stage) {}

      @Override
      public void finished(RequestOutcome outcome) {
        finished.add(outcome.label() + " " + outcome.status());
      }
    });

    // Then: nothing published or recorded, and the next run may retry at once
    assertThat(result.outcomes()).singleElement().satisfies(outcome -> {
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("NoClassDefFoundError"));
    });
    assertThat(repository.published()).isEmpty();
    assertThat(ledger.recorded()).isEmpty();
    assertThat(ledger.granted()).hasSize(1);
    assertThat(ledger.openClaims()).isEmpty();
    assertThat(finished).containsExactly(defaultRequest().name() + " ERROR");
  }

  @Test
  void shouldKeepTheDecisionWhenTheProgressDisplayThrows() {
    // Given: a display that fails on every call
    ProgressListener failing = new ProgressListener() {
      @Override
      public void stage(PackageRequest request, RequestStage stage) {
        throw new IllegalStateException("terminal gone");
      }

      @Override
      public void fetched(PackageRequest request, long bytes) {
        throw new IllegalStateException("terminal gone");
      }

      @Override
      public void finished(RequestOutcome outcome) {
        throw new IllegalStateException("terminal gone");
      }
    };

    // When
    RunResult result = run(ScriptedSecurityScanner.withId("builtin"), failing);

    // Then: published, recorded and reported as approved, not as an error
    assertThat(result.outcomes()).singleElement()
        .satisfies(outcome -> assertThat(outcome.status()).isEqualTo(Status.APPROVED));
    assertThat(result.hasErrors()).isFalse();
    assertThat(repository.published()).hasSize(1);
    assertThat(ledger.recorded()).hasSize(1);
    assertThat(ledger.openClaims()).isEmpty();
  }
}

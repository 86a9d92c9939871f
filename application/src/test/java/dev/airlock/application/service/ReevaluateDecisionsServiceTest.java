package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.NOW;
import static dev.airlock.application.testing.TestData.approvedDecision;
import static dev.airlock.application.testing.TestData.bytes;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.publication;
import static dev.airlock.application.testing.TestData.refusedDecision;
import static dev.airlock.application.testing.TestData.request;
import static dev.airlock.application.testing.TestData.sha256Of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ReevaluateDecisionsCommand;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.InMemoryDecisionLedger;
import dev.airlock.application.testing.InMemoryPackageRepository;
import dev.airlock.application.testing.RecordingNotifier;
import dev.airlock.application.testing.RecordingReporter;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.Decision;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import dev.airlock.domain.Waiver;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link ReevaluateDecisionsService} over in-memory ports: what it revokes, reopens, leaves alone, and tells. */
class ReevaluateDecisionsServiceTest {
  private static final byte[] CONTENT = bytes("requests 1.0.0");
  private static final Sha256 SHA = sha256Of(CONTENT);
  private static final PackageRequest REQUESTS = request("requests", 1);
  private static final Publication PUBLISHED =
      publication("requests", "1.0.0", "requests-1.0.0.tar.gz", SHA);
  private static final Decision APPROVED = approvedDecision(REQUESTS, SHA, PUBLISHED);

  private final InMemoryDecisionLedger ledger = new InMemoryDecisionLedger();
  private final InMemoryPackageRepository repository = new InMemoryPackageRepository();
  private final ScriptedArtifactFetcher fetcher = ScriptedArtifactFetcher.serving(CONTENT);
  private final ScriptedSecurityScanner scanner = ScriptedSecurityScanner.withId("osv");
  private final RecordingNotifier notifier = RecordingNotifier.withId("console");
  private RecordingReporter reporter = RecordingReporter.working();

  private RunResult reevaluate(SeverityPolicy policy, boolean dryRun) {
    return new ReevaluateDecisionsService(ledger, repository, fetcher, List.of(scanner), policy,
        ScriptedDistributionReader.generic(), List.of(notifier), List.of(reporter), fixedClock(), 4,
        ProgressListener.none())
        .reevaluate(new ReevaluateDecisionsCommand("reevaluate-1", dryRun, 2));
  }

  private RunResult reevaluate() {
    return reevaluate(SeverityPolicy.defaultPolicy(), false);
  }

  @Nested
  @DisplayName("an approval")
  class Approvals {

    @Test
    void shouldRevokeWithdrawAndTellOnceWhenAnAdvisoryNowBlocksIt() {
      // Given
      ledger.preload(APPROVED);
      repository.preload(PUBLISHED, CONTENT);
      scanner.reporting("requests", finding("MAL-2030-1", Severity.CRITICAL));

      // When
      RunResult first = reevaluate();
      RunResult second = reevaluate();

      // Then
      assertThat(first.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.REVOKED);
        assertThat(o.blockingFindings()).extracting(f -> f.ruleId()).containsExactly("MAL-2030-1");
        assertThat(o.publication()).contains(PUBLISHED);
      });
      Decision revoked = ledger.find(APPROVED.key()).orElseThrow();
      assertThat(revoked.outcome()).isEqualTo(ScanVerdict.Outcome.REVOKED);
      assertThat(revoked.runId()).isEqualTo("reevaluate-1");
      assertThat(revoked.decidedAt()).isEqualTo(NOW);
      assertThat(revoked.requester()).isEqualTo(APPROVED.requester());
      assertThat(revoked.blockingFindings()).extracting(f -> f.ruleId()).containsExactly("MAL-2030-1");
      assertThat(ledger.history(APPROVED.key())).containsExactly(APPROVED);
      assertThat(repository.withdrawals()).containsExactly(PUBLISHED);
      assertThat(second.outcomes()).singleElement().extracting(RequestOutcome::status).isEqualTo(Status.UNCHANGED);
      assertThat(notifier.results()).singleElement().satisfies(told ->
          assertThat(told.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.REVOKED));
    }

    @Test
    void shouldChangeNothingAndReportAnErrorWhenTheAdvisoryScannerIsDown() {
      // Given
      ledger.preload(APPROVED);
      repository.preload(PUBLISHED, CONTENT);
      scanner.failingEverything(new PortException("OSV API answered HTTP 503 (OSV unavailable)"));

      // When
      RunResult result = reevaluate();

      // Then
      assertThat(result.hasErrors()).isTrue();
      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.ERROR);
        assertThat(o.errorReason()).hasValueSatisfying(r -> assertThat(r)
            .contains("scanner osv failed: OSV API answered HTTP 503").contains("the approval stands"));
      });
      assertThat(ledger.find(APPROVED.key())).contains(APPROVED);
      assertThat(repository.withdrawals()).isEmpty();
      assertThat(notifier.results()).isEmpty();
    }

    @Test
    void shouldLeaveItWhenItStillPasses() {
      // Given
      ledger.preload(APPROVED);
      repository.preload(PUBLISHED, CONTENT);
      scanner.reporting("requests", finding("low-thing", Severity.LOW));

      // When
      RunResult result = reevaluate();

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.UNCHANGED);
      assertThat(ledger.replacements()).isEmpty();
      assertThat(notifier.results()).isEmpty();
    }

    @Test
    void shouldRevokeWithoutScanningWhenThePublishedBytesChanged() {
      // Given
      ledger.preload(APPROVED);
      repository.preload(PUBLISHED, CONTENT).tamper(PUBLISHED, bytes("something else"));

      // When
      RunResult result = reevaluate();

      // Then
      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.REVOKED);
        assertThat(o.blockingFindings()).extracting(f -> f.ruleId())
            .containsExactly(ReevaluateDecisionsService.CONTENT_CHANGED);
      });
      assertThat(scanner.scanned()).isEmpty();
    }

    @Test
    void shouldRecordTheRevocationAndRetryTheWithdrawalNextTimeWhenTheRepositoryFails() {
      // Given
      ledger.preload(APPROVED);
      repository.preload(PUBLISHED, CONTENT).failWithdrawWith(new PortException("repository is read-only"));
      scanner.reporting("requests", finding("MAL-2030-1", Severity.CRITICAL));

      // When
      RunResult first = reevaluate();
      repository.failWithdrawWith(null);
      RunResult second = reevaluate();

      // Then: the requester hears once, when the withdrawal is done
      assertThat(first.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.ERROR);
        assertThat(o.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("revoked in the ledger")
            .contains("repository is read-only"));
      });
      assertThat(ledger.find(APPROVED.key()).orElseThrow().outcome()).isEqualTo(ScanVerdict.Outcome.REVOKED);
      assertThat(second.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.REVOKED);
      assertThat(repository.withdrawals()).containsExactly(PUBLISHED);
      assertThat(notifier.results()).hasSize(1);
    }

    @Test
    void shouldSayWhatItWouldRevokeAndChangeNothingWhenDryRunning() {
      // Given
      ledger.preload(APPROVED);
      repository.preload(PUBLISHED, CONTENT);
      scanner.reporting("requests", finding("MAL-2030-1", Severity.CRITICAL));

      // When
      RunResult result = reevaluate(SeverityPolicy.defaultPolicy(), true);

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.WOULD_REVOKE);
      assertThat(ledger.find(APPROVED.key())).contains(APPROVED);
      assertThat(ledger.replacements()).isEmpty();
      assertThat(repository.withdrawals()).isEmpty();
      assertThat(notifier.results()).isEmpty();
      assertThat(reporter.results()).as("a dry run is reported in full").containsExactly(result);
    }

    @Test
    void shouldKeepTheRevocationAndFailTheRunWhenAReportCannotBeWritten() {
      // Given
      ledger.preload(APPROVED);
      repository.preload(PUBLISHED, CONTENT);
      scanner.reporting("requests", finding("MAL-2030-1", Severity.CRITICAL));
      reporter = RecordingReporter.failing(new PortException("cannot write report /r/airlock-junit.xml (denied)"));

      // When
      RunResult result = reevaluate();

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.REVOKED);
      assertThat(ledger.replacements()).hasSize(1);
      assertThat(notifier.results()).hasSize(1);
      assertThat(result.failures()).containsExactly("cannot write report /r/airlock-junit.xml (denied)");
      assertThat(result.failed()).isTrue();
    }
  }

  @Nested
  @DisplayName("a refusal")
  class Refusals {
    private final Decision refused = refusedDecision(REQUESTS, SHA, finding("python/exec", Severity.HIGH));

    @Test
    void shouldPublishAndReopenWhenANewWaiverCoversItsBlockingFindings() {
      // Given
      ledger.preload(refused);
      scanner.reporting("requests", finding("python/exec", Severity.HIGH));
      SeverityPolicy waived = SeverityPolicy.builder().addWaivers(Waiver.builder().packageName("requests")
          .ruleId("python/exec").justification("reviewed by InfoSec").expires(LocalDate.of(2031, 1, 1)).build()).build();

      // When
      RunResult result = reevaluate(waived, false);

      // Then
      assertThat(result.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.REOPENED);
        assertThat(o.publication()).isPresent();
      });
      assertThat(fetcher.fetched()).singleElement().satisfies(r -> assertThat(r.sha256()).contains(SHA));
      assertThat(repository.published()).hasSize(1);
      Decision now = ledger.find(refused.key()).orElseThrow();
      assertThat(now.outcome()).isEqualTo(ScanVerdict.Outcome.APPROVED);
      assertThat(now.publication()).isEqualTo(result.outcomes().get(0).publication());
      assertThat(ledger.history(refused.key())).containsExactly(refused);
      assertThat(notifier.results()).singleElement().satisfies(told ->
          assertThat(told.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.REOPENED));
    }

    @Test
    void shouldNotFetchWhenWhatRefusedItStillBlocks() {
      // Given
      ledger.preload(refused);

      // When
      RunResult result = reevaluate();

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.UNCHANGED);
      assertThat(fetcher.fetched()).isEmpty();
    }

    @Test
    void shouldStayRefusedWhenTheFreshScanFindsSomethingElse() {
      // Given
      ledger.preload(refused);
      scanner.reporting("requests", finding("python/exec", Severity.HIGH), finding("MAL-2030-2", Severity.CRITICAL));

      // When
      RunResult result = reevaluate(SeverityPolicy.refusingAtOrAbove(Severity.CRITICAL), false);

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status).containsExactly(Status.UNCHANGED);
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.find(refused.key())).contains(refused);
    }
  }

  @Test
  void shouldWalkEveryPageOfTheLedger() {
    // Given: five approvals, read two at a time
    for (int i = 1; i <= 5; i++) {
      byte[] content = bytes("package " + i);
      PackageRequest r = request("pkg-" + i, i);
      Publication p = publication("pkg-" + i, "1.0.0", "pkg-" + i + "-1.0.0.tar.gz", sha256Of(content));
      ledger.preload(approvedDecision(r, sha256Of(content), p));
      repository.preload(p, content);
    }

    // When
    RunResult result = reevaluate();

    // Then
    assertThat(result.outcomes()).hasSize(5).allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.UNCHANGED));
    assertThat(scanner.scanned()).containsExactlyInAnyOrder("pkg-1", "pkg-2", "pkg-3", "pkg-4", "pkg-5");
    assertThat(ledger.pageSizes()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(2));
  }
}

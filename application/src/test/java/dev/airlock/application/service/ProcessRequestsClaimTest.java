package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.NOW;
import static dev.airlock.application.testing.TestData.approvedDecision;
import static dev.airlock.application.testing.TestData.bytes;
import static dev.airlock.application.testing.TestData.defaultContent;
import static dev.airlock.application.testing.TestData.defaultRequest;
import static dev.airlock.application.testing.TestData.defaultRequestBuilder;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.publication;
import static dev.airlock.application.testing.TestData.refusedDecision;
import static dev.airlock.application.testing.TestData.sha256Of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.port.out.SecurityScanner;
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
import dev.airlock.domain.Claim;
import dev.airlock.domain.ClaimResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.DecisionKey;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ProcessRequestsService with claims and --recheck-after")
class ProcessRequestsClaimTest {
  private static final byte[] CONTENT = defaultContent();
  private static final Sha256 CONTENT_SHA = sha256Of(CONTENT);
  private static final DecisionKey KEY = defaultRequest().key().withContent(CONTENT_SHA);
  private static final Duration LEASE = ProcessRequestsCommand.DEFAULT_CLAIM_LEASE;

  private FixedRequestSource source;
  private ScriptedArtifactFetcher fetcher;
  private List<SecurityScanner> scanners;
  private ScriptedSecurityScanner builtin;
  private InMemoryPackageRepository repository;
  private InMemoryDecisionLedger ledger;
  private RecordingNotifier notifier;

  @BeforeEach
  void setUp() {
    source = FixedRequestSource.of(defaultRequest());
    fetcher = ScriptedArtifactFetcher.serving(CONTENT);
    builtin = ScriptedSecurityScanner.withId("builtin");
    scanners = List.of(builtin);
    repository = new InMemoryPackageRepository();
    ledger = new InMemoryDecisionLedger();
    notifier = RecordingNotifier.withId("console");
  }

  private RunResult run(ProcessRequestsCommand command) {
    return new ProcessRequestsService(source, fetcher, scanners, SeverityPolicy.defaultPolicy(),
        ScriptedDistributionReader.generic(), repository, ledger,
        List.of(notifier), fixedClock(), 4).process(command);
  }

  private RunResult run() {
    return run(new ProcessRequestsCommand("run-1"));
  }

  private static RequestOutcome onlyOutcome(RunResult result) {
    assertThat(result.outcomes()).hasSize(1);
    return result.outcomes().get(0);
  }

  /** A claim another run took {@code ago} before now, with the default lease. */
  private static Claim otherRunsClaim(DecisionKey key, Duration ago) {
    return new Claim(key, "run-other", "token-other", NOW.minus(ago), NOW.minus(ago).plus(LEASE));
  }

  @Nested
  @DisplayName("a request another run is working on is left to it")
  class HeldElsewhere {

    @Test
    void shouldReportInProgressElsewhereWithoutScanningOrPublishingWhenAnotherRunHoldsALiveClaim() {
      // Given: another run claimed this content ten minutes ago
      ledger.preloadClaim(otherRunsClaim(KEY, Duration.ofMinutes(10)));

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.IN_PROGRESS_ELSEWHERE);
      assertThat(outcome.sha256()).contains(CONTENT_SHA);
      assertThat(outcome.verdict()).isEmpty();
      assertThat(outcome.isNews()).isFalse();
      assertThat(result.hasErrors()).isFalse();
      assertThat(builtin.scanned()).isEmpty();
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
      assertThat(ledger.openClaims()).extracting(Claim::runId).containsExactly("run-other");
    }

    @Test
    void shouldNotFetchWhenAnotherRunHoldsTheClaimOnThePinnedContent() {
      // Given
      source = FixedRequestSource.of(defaultRequestBuilder().sha256(CONTENT_SHA).build());
      ledger.preloadClaim(otherRunsClaim(KEY, Duration.ofMinutes(1)));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.IN_PROGRESS_ELSEWHERE);
      assertThat(fetcher.fetched()).isEmpty();
      assertThat(builtin.scanned()).isEmpty();
    }

    @Test
    void shouldTakeOverAndDecideWhenAnotherRunsClaimHasLapsed() {
      // Given: a run that claimed it longer ago than the lease and never finished
      ledger.preloadClaim(otherRunsClaim(KEY, LEASE.plusMinutes(1)));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(repository.published()).hasSize(1);
      assertThat(ledger.recorded()).singleElement().extracting(Decision::runId).isEqualTo("run-1");
      assertThat(ledger.openClaims()).isEmpty();
    }

    @Test
    void shouldUseTheCommandsLeaseForItsOwnClaim() {
      // Given
      Duration lease = Duration.ofMinutes(90);

      // When
      run(new ProcessRequestsCommand("run-1", Duration.ofHours(24), lease));

      // Then
      assertThat(ledger.granted()).singleElement().satisfies(claim -> {
        assertThat(claim.key()).isEqualTo(KEY);
        assertThat(claim.runId()).isEqualTo("run-1");
        assertThat(claim.claimedAt()).isEqualTo(NOW);
        assertThat(claim.leaseExpiresAt()).isEqualTo(NOW.plus(lease));
      });
    }

    @Test
    void shouldReportInProgressElsewhereWithoutRecordingWhenTheClaimIsTakenOverWhileScanning() {
      // Given: a scanner so slow that another run takes the claim over while it scans
      scanners = List.of(new SecurityScanner() {
        @Override
        public String id() {
          return "slow";
        }

        @Override
        public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) {
          Claim late = new Claim(KEY, "run-late", "token-late", NOW.plus(LEASE), NOW.plus(LEASE).plus(LEASE));
          assertThat(ledger.claim(late)).isInstanceOf(ClaimResult.Claimed.class);
          return List.of();
        }
      });

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.IN_PROGRESS_ELSEWHERE);
      assertThat(result.hasErrors()).isFalse();
      assertThat(ledger.recorded()).isEmpty();
      assertThat(ledger.openClaims()).extracting(Claim::runId).containsExactly("run-late");
    }

    @Test
    void shouldLeaveNoClaimBehindWhenTheRequestIsDecided() {
      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(ledger.granted()).hasSize(1);
      assertThat(ledger.openClaims()).isEmpty();
      assertThat(ledger.released()).isEmpty();
    }
  }

  @Nested
  @DisplayName("an ERROR gives the claim up so the next run retries at once")
  class ReleaseOnError {

    @Test
    void shouldReleaseTheClaimAndRetryNextRunWhenAScannerFails() {
      // Given
      builtin.failing("requests", new PortException("scanner unavailable"));

      // When: the first run fails, the second runs with a working scanner at the same instant
      RunResult failed = run();
      ScriptedSecurityScanner healthy = ScriptedSecurityScanner.withId("builtin");
      scanners = List.of(healthy);
      RunResult retried = run(new ProcessRequestsCommand("run-2"));

      // Then
      assertThat(onlyOutcome(failed).status()).isEqualTo(Status.ERROR);
      assertThat(ledger.released()).singleElement().extracting(Claim::runId).isEqualTo("run-1");
      assertThat(onlyOutcome(retried).status()).isEqualTo(Status.APPROVED);
      assertThat(healthy.scanned()).containsExactly("requests");
      assertThat(ledger.openClaims()).isEmpty();
    }

    @Test
    void shouldReleaseTheClaimWhenThePinnedContentDoesNotMatch() {
      // Given
      Sha256 pinned = sha256Of(bytes("the archive the requester reviewed"));
      source = FixedRequestSource.of(defaultRequestBuilder().sha256(pinned).build());

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(ledger.granted()).singleElement().extracting(Claim::key)
          .isEqualTo(defaultRequest().key().withContent(pinned));
      assertThat(ledger.released()).hasSize(1);
      assertThat(ledger.openClaims()).isEmpty();
    }

    @Test
    void shouldReleaseTheClaimWhenPublishingFails() {
      // Given
      repository.failPublishWith(new PortException("repository unavailable"));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(ledger.released()).hasSize(1);
      assertThat(ledger.openClaims()).isEmpty();
    }
  }

  @Nested
  @DisplayName("--recheck-after: an unpinned request decided recently is not downloaded")
  class RecheckAfter {

    @Test
    void shouldSkipWithoutFetchingWhenTheNameAndUrlWereDecidedWithinRecheckAfter() {
      // Given: decided 23 hours ago, with other content than the URL serves now
      Sha256 older = sha256Of(bytes("yesterday's archive"));
      Decision yesterday = Decision.builder().from(refusedDecision(defaultRequest(), older,
          finding("B602", Severity.HIGH))).decidedAt(NOW.minus(Duration.ofHours(23))).build();
      ledger.preload(yesterday);

      // When
      RequestOutcome outcome = onlyOutcome(run(new ProcessRequestsCommand("run-1", Duration.ofHours(24), LEASE)));

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ALREADY_DECIDED);
      assertThat(outcome.previousDecision()).contains(yesterday);
      assertThat(fetcher.fetched()).isEmpty();
      assertThat(ledger.granted()).isEmpty();
    }

    @Test
    void shouldFetchAndCompareByHashWhenTheLastDecisionIsOlderThanRecheckAfter() {
      // Given: the same content, decided 25 hours ago
      Decision old = Decision.builder().from(approvedDecision(defaultRequest(), CONTENT_SHA,
          publication("requests", "2.31.0", "requests-2.31.0.tar.gz", CONTENT_SHA)))
          .decidedAt(NOW.minus(Duration.ofHours(25))).build();
      ledger.preload(old);

      // When
      RequestOutcome outcome = onlyOutcome(run(new ProcessRequestsCommand("run-1", Duration.ofHours(24), LEASE)));

      // Then: downloaded to compare, found identical, nothing else done
      assertThat(outcome.status()).isEqualTo(Status.ALREADY_DECIDED);
      assertThat(fetcher.fetchedNames()).containsExactly("requests");
      assertThat(builtin.scanned()).isEmpty();
      assertThat(repository.published()).isEmpty();
    }

    @Test
    void shouldDecideTheNewContentWhenTheOldDecisionIsStaleAndTheUrlServesSomethingElse() {
      // Given
      Sha256 older = sha256Of(bytes("last month's archive"));
      ledger.preload(Decision.builder().from(refusedDecision(defaultRequest(), older, finding("B602", Severity.HIGH)))
          .decidedAt(NOW.minus(Duration.ofDays(30))).build());

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(builtin.scanned()).containsExactly("requests");
      assertThat(ledger.findLatest(defaultRequest().key())).map(Decision::key).contains(KEY);
    }

    @Test
    void shouldAlwaysFetchWhenRecheckAfterIsZero() {
      // Given: decided a minute ago
      ledger.preload(Decision.builder().from(approvedDecision(defaultRequest(), CONTENT_SHA,
          publication("requests", "2.31.0", "requests-2.31.0.tar.gz", CONTENT_SHA)))
          .decidedAt(NOW.minus(Duration.ofMinutes(1))).build());

      // When
      RequestOutcome outcome = onlyOutcome(run(new ProcessRequestsCommand("run-1", Duration.ZERO, LEASE)));

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ALREADY_DECIDED);
      assertThat(fetcher.fetchedNames()).containsExactly("requests");
    }

    @Test
    void shouldNotFetchTheSecondRunWhenTheSameRequestFileIsRunTwiceOnTheDefaults() {
      // When
      RunResult first = run();
      RunResult second = run(new ProcessRequestsCommand("run-2"));

      // Then
      assertThat(onlyOutcome(first).status()).isEqualTo(Status.APPROVED);
      assertThat(onlyOutcome(second).status()).isEqualTo(Status.ALREADY_DECIDED);
      assertThat(fetcher.fetched()).hasSize(1);
      assertThat(repository.published()).hasSize(1);
    }
  }
}

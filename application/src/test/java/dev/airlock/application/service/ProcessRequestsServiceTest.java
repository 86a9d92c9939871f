package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.NOW;
import static dev.airlock.application.testing.TestData.REQUESTS_URL;
import static dev.airlock.application.testing.TestData.RUN_ID;
import static dev.airlock.application.testing.TestData.TODAY;
import static dev.airlock.application.testing.TestData.approvedDecision;
import static dev.airlock.application.testing.TestData.bytes;
import static dev.airlock.application.testing.TestData.defaultCommand;
import static dev.airlock.application.testing.TestData.defaultContent;
import static dev.airlock.application.testing.TestData.defaultRequest;
import static dev.airlock.application.testing.TestData.defaultRequestBuilder;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.publication;
import static dev.airlock.application.testing.TestData.refusedDecision;
import static dev.airlock.application.testing.TestData.request;
import static dev.airlock.application.testing.TestData.sha256Of;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.FixedRequestSource;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.application.testing.InMemoryDecisionLedger;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.application.testing.InMemoryPackageRepository;
import dev.airlock.application.testing.RecordingNotifier;
import dev.airlock.application.testing.RecordingReporter;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.CoreMetadata;
import dev.airlock.domain.Decision;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.PackageVersions;
import dev.airlock.domain.Publication;
import dev.airlock.domain.PythonTarget;
import dev.airlock.domain.Requester;
import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import dev.airlock.domain.Waiver;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ProcessRequestsService")
class ProcessRequestsServiceTest {
  private static final byte[] CONTENT = defaultContent();
  private static final Sha256 CONTENT_SHA = sha256Of(CONTENT);

  private FixedRequestSource source;
  private ScriptedArtifactFetcher fetcher;
  private ScriptedSecurityScanner builtin;
  private InMemoryPackageRepository repository;
  private InMemoryDecisionLedger ledger;
  private RecordingNotifier notifier;

  // The ports the service is built with; tests swap in a mock where verifying a call reads better.
  private ArtifactFetcher fetcherPort;
  private List<SecurityScanner> scanners;
  private SeverityPolicy policy;
  private ScriptedDistributionReader distributions;
  private PackageRepository repositoryPort;
  private DecisionLedger ledgerPort;
  private List<Notifier> notifiers;
  private List<RunReporter> reporters;
  private int maxConcurrency;

  @BeforeEach
  void setUp() {
    source = FixedRequestSource.of(defaultRequest());
    fetcher = ScriptedArtifactFetcher.serving(CONTENT);
    builtin = ScriptedSecurityScanner.withId("builtin");
    repository = new InMemoryPackageRepository();
    ledger = new InMemoryDecisionLedger();
    notifier = RecordingNotifier.withId("console");

    fetcherPort = fetcher;
    scanners = List.of(builtin);
    policy = SeverityPolicy.defaultPolicy();
    distributions = ScriptedDistributionReader.generic();
    repositoryPort = repository;
    ledgerPort = ledger;
    notifiers = List.of(notifier);
    reporters = List.of();
    maxConcurrency = 4;
  }

  private ProcessRequestsService service() {
    return new ProcessRequestsService(source, fetcherPort, scanners, policy, distributions, repositoryPort, ledgerPort,
        notifiers, fixedClock(), maxConcurrency, ProgressListener.none(), Optional.empty(),
        PythonTarget.SAGEMAKER_STUDIO, reporters);
  }

  private RunResult run() {
    return service().process(defaultCommand());
  }

  private static RequestOutcome onlyOutcome(RunResult result) {
    assertThat(result.outcomes()).hasSize(1);
    return result.outcomes().get(0);
  }

  @Nested
  @DisplayName("construction")
  class Construction {

    @ParameterizedTest(name = "maxConcurrency = {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void shouldRejectConstructionWhenMaxConcurrencyIsBelowOne(int invalid) {
      // Given
      maxConcurrency = invalid;

      // When / Then
      assertThatThrownBy(ProcessRequestsServiceTest.this::service)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxConcurrency");
    }

    @Test
    void shouldRejectConstructionWhenNoScannerIsConfigured() {
      // Given
      scanners = List.of();

      // When / Then
      assertThatThrownBy(ProcessRequestsServiceTest.this::service)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scanner");
    }

    @Test
    void shouldProcessRequestsWhenMaxConcurrencyIsOne() {
      // Given
      maxConcurrency = 1;
      source = FixedRequestSource.of(request("alpha", 1), request("beta", 2), request("gamma", 3));

      // When
      RunResult result = run();

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.APPROVED, Status.APPROVED, Status.APPROVED);
    }
  }

  @Nested
  @DisplayName("a clean package is approved, published once, recorded and announced")
  class CleanPackage {

    @Test
    void shouldApproveWhenNoScannerFindsAnything() {
      // Given: the default scanner finds nothing

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(outcome.verdict()).hasValueSatisfying(v -> assertThat(v.isApproved()).isTrue());
      assertThat(outcome.request()).contains(defaultRequest());
      assertThat(outcome.sha256()).contains(CONTENT_SHA);
      assertThat(builtin.scanned()).containsExactly("requests");
      assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void shouldPublishOnceWithTheDerivedVersionWhenApproved() {
      // Given: a URL whose file name carries version 2.31.0

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(PackageVersions.derive(REQUESTS_URL, CONTENT_SHA, TODAY)).isEqualTo("2.31.0");
      assertThat(repository.published()).singleElement().satisfies(p -> {
        assertThat(p.packageName()).isEqualTo("requests");
        assertThat(p.version()).isEqualTo("2.31.0");
        assertThat(p.sha256()).isEqualTo(CONTENT_SHA);
      });
      assertThat(outcome.version()).contains("2.31.0");
      assertThat(outcome.publication()).contains(repository.published().get(0));
    }

    @Test
    void shouldVersionByTheInjectedClocksDateWhenUrlCarriesNoVersion() {
      // Given
      URI unversioned = URI.create("https://codeload.github.com/psf/requests/tar.gz/refs/heads/main");
      source = FixedRequestSource.of(defaultRequestBuilder().url(unversioned).build());

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      String expected = "20300615-" + CONTENT_SHA.shortHex(12);
      assertThat(PackageVersions.derive(unversioned, CONTENT_SHA, TODAY)).isEqualTo(expected);
      assertThat(repository.published()).singleElement()
          .extracting(Publication::version).isEqualTo(expected);
      assertThat(outcome.version()).contains(expected);
    }

    @Test
    void shouldRecordTheDecisionWithItsPublicationWhenApproved() {
      // Given: a clean package

      // When
      run();

      // Then
      Publication published = repository.published().get(0);
      Decision expected = Decision.builder()
          .key(defaultRequest().key().withContent(CONTENT_SHA))
          .packageName("requests")
          .outcome(ScanVerdict.Outcome.APPROVED)
          .version("2.31.0")
          .publication(published)
          .requester(Requester.of("alice"))
          .decidedAt(NOW)
          .runId(RUN_ID)
          .build();
      assertThat(ledger.recorded()).containsExactly(expected);
    }

    @Test
    void shouldNotifyOnceWithTheWholeRunResultWhenTheRunFinishes() {
      // Given
      var other = RecordingNotifier.withId("sns");
      notifiers = List.of(notifier, other);
      source = FixedRequestSource.of(request("alpha", 1), request("beta", 2));

      // When
      RunResult result = run();

      // Then
      assertThat(notifier.results()).containsExactly(result);
      assertThat(other.results()).containsExactly(result);
      assertThat(result.outcomes()).hasSize(2);
      assertThat(result.runId()).isEqualTo(RUN_ID);
      assertThat(result.source()).isEqualTo(FixedRequestSource.DESCRIPTION);
      assertThat(result.startedAt()).isEqualTo(NOW);
      assertThat(result.finishedAt()).isEqualTo(NOW);
      assertThat(result.warnings()).isEmpty();
    }

    @Test
    void shouldHandTheCommitToTheNotifiersWhenTheCommandNamesOne() {
      // Given
      var command = new ProcessRequestsCommand(RUN_ID, java.util.Optional.of("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"));

      // When
      RunResult result = service().process(command);

      // Then
      assertThat(result.commit()).contains("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
      assertThat(notifier.results()).extracting(RunResult::commit)
          .containsExactly(java.util.Optional.of("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"));
    }

    @Test
    void shouldApproveWhenEveryFindingIsBelowTheThreshold() {
      // Given
      Finding low = finding("B101", Severity.LOW);
      builtin.reporting("requests", low);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(outcome.verdict().orElseThrow().findings()).containsExactly(low);
      assertThat(repository.published()).hasSize(1);
    }

    @Test
    void shouldApproveWhenAWaiverStillActiveOnTheClocksDateCoversTheFinding() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      builtin.reporting("requests", high);
      policy = SeverityPolicy.builder().addWaivers(waiverOfB602Until(TODAY)).build();

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(outcome.verdict().orElseThrow().waivedFindings()).containsExactly(high);
      assertThat(repository.published()).hasSize(1);
    }
  }

  private static Waiver waiverOfB602Until(LocalDate expires) {
    return Waiver.builder()
        .packageName("requests")
        .ruleId("B602")
        .justification("subprocess use reviewed by InfoSec")
        .expires(expires)
        .build();
  }

  @Nested
  @DisplayName("an approved archive is published as what its own metadata says it is")
  class Identification {
    private final Distribution realRequests = Distribution.builder().kind(Distribution.Kind.PYTHON_SDIST)
        .name("requests").version("2.32.3").fileName("requests-2.32.3.tar.gz")
        .coreMetadata(CoreMetadata.parse("Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\n", "PKG-INFO"))
        .build();

    @Test
    void shouldPublishTheMetadataVersionAndOfferTheUrlsVersionOnlyAsFallbackWhenTheyDisagree() {
      // Given: the URL says 2.31.0, the archive's PKG-INFO says 2.32.3
      distributions.identifyingAs(realRequests);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(distributions.fallbackVersions()).containsExactly("2.31.0");
      assertThat(repository.published()).singleElement().satisfies(p -> {
        assertThat(p.packageName()).isEqualTo("requests");
        assertThat(p.version()).isEqualTo("2.32.3");
        assertThat(p.assetName()).isEqualTo("requests-2.32.3.tar.gz");
      });
      assertThat(outcome.version()).contains("2.32.3");
      assertThat(ledger.recorded()).singleElement().satisfies(d -> assertThat(d.version()).contains("2.32.3"));
    }

    @Test
    void shouldPublishUnderTheRealNameWhenTheMetadataNamesAnotherPackageThanTheRequest() {
      // Given: the requester called it "reqs"; its metadata says requests
      source = FixedRequestSource.of(defaultRequestBuilder().name("reqs").build());
      distributions.identifyingAs(realRequests);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(repository.published()).singleElement().extracting(Publication::packageName).isEqualTo("requests");
      assertThat(outcome.publication()).map(Publication::packageName).contains("requests");
    }

    @Test
    void shouldPublishNothingWhenWaiversForTheRequestedNameApprovedAnArchiveNamedOtherwise() {
      // Given: a waiver for "requests" approves an archive whose metadata says it is "urllib4"
      Finding high = finding("B602", Severity.HIGH);
      builtin.reporting("requests", high);
      policy = SeverityPolicy.builder().addWaivers(waiverOfB602Until(TODAY)).build();
      distributions.identifyingAs(Distribution.builder().from(realRequests).name("urllib4")
          .fileName("urllib4-2.32.3.tar.gz").build());

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r)
          .contains("metadata names it urllib4, not requests", "waivers granted to requests", "request it as urllib4"));
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldPublishNothingAndReportWhyWhenTheMetadataCannotBeRead() {
      // Given
      distributions.failingWith(new PortException("requests-2.31.0/PKG-INFO has no Version"));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).contains("requests-2.31.0/PKG-INFO has no Version");
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldNotReadTheMetadataWhenThePackageIsRefused() {
      // Given
      builtin.reporting("requests", finding("B602", Severity.HIGH));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.REFUSED);
      assertThat(distributions.fallbackVersions()).isEmpty();
    }
  }

  @Nested
  @DisplayName("a finding at or above the threshold refuses the package")
  class Refusal {

    @Test
    void shouldRefuseAndPublishNothingWhenAFindingIsAtTheThreshold() {
      // Given
      Finding medium = finding("B105", Severity.MEDIUM);
      builtin.reporting("requests", medium);

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.REFUSED);
      assertThat(outcome.blockingFindings()).containsExactly(medium);
      assertThat(outcome.publication()).isEmpty();
      assertThat(outcome.version()).isEmpty();
      assertThat(repository.published()).isEmpty();
      assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void shouldRecordTheRefusalWithItsBlockingFindingsWhenRefused() {
      // Given
      Finding low = finding("B101", Severity.LOW);
      Finding high = finding("B602", Severity.HIGH);
      builtin.reporting("requests", low, high);

      // When
      run();

      // Then
      assertThat(ledger.recorded()).singleElement().satisfies(d -> {
        assertThat(d.key()).isEqualTo(defaultRequest().key().withContent(CONTENT_SHA));
        assertThat(d.outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
        assertThat(d.blockingFindings()).containsExactly(high);
        assertThat(d.publication()).isEmpty();
        assertThat(d.runId()).isEqualTo(RUN_ID);
        assertThat(d.decidedAt()).isEqualTo(NOW);
      });
    }

    @Test
    void shouldRefuseWhenTheOnlyFindingIsCritical() {
      // Given
      Finding critical = finding("CVE-2099-0001", Severity.CRITICAL);
      builtin.reporting("requests", critical);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.REFUSED);
      assertThat(outcome.blockingFindings()).containsExactly(critical);
      assertThat(repository.published()).isEmpty();
    }

    @Test
    void shouldNeverCallPublishWhenRefused() throws Exception {
      // Given
      builtin.reporting("requests", finding("B602", Severity.HIGH));
      repositoryPort = mock(PackageRepository.class);

      // When
      run();

      // Then
      then(repositoryPort).should(never()).publish(any(), any(), any(), any());
    }

    @Test
    void shouldRefuseWhenAWaiverExpiredBeforeTheClocksDate() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      builtin.reporting("requests", high);
      policy = SeverityPolicy.builder().addWaivers(waiverOfB602Until(TODAY.minusDays(1))).build();

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.REFUSED);
      assertThat(outcome.blockingFindings()).containsExactly(high);
      assertThat(repository.published()).isEmpty();
    }

    @Test
    void shouldApplyTheConfiguredThresholdWhenItIsAboveTheDefault() {
      // Given
      policy = SeverityPolicy.refusingAtOrAbove(Severity.HIGH);
      builtin.reporting("requests", finding("B105", Severity.MEDIUM));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
    }
  }

  @Nested
  @DisplayName("fail closed: any failure is ERROR and nothing is published")
  class FailClosed {

    @Test
    void shouldEndInErrorWithoutScanningOrPublishingWhenTheFetchFails() throws Exception {
      // Given
      fetcher.failure("requests", new PortException("download refused: host 169.254.170.2 is not allowed"));
      SecurityScanner scanner = mock(SecurityScanner.class);
      scanners = List.of(scanner);
      repositoryPort = mock(PackageRepository.class);

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("169.254.170.2"));
      assertThat(outcome.sha256()).isEmpty();
      assertThat(result.hasErrors()).isTrue();
      then(scanner).should(never()).scan(any(), any());
      then(repositoryPort).shouldHaveNoInteractions();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldEndInErrorWhenTheFetcherCrashes() {
      // Given
      fetcher.crash("requests", new IllegalStateException("connection pool shut down"));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("connection pool shut down"));
      assertThat(builtin.scanned()).isEmpty();
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldEndInErrorWhenAScannerFailsEvenThoughAnotherFoundNothing() {
      // Given
      var sarif = ScriptedSecurityScanner.withId("sarif")
          .failingEverything(new PortException("semgrep exited with status 2"));
      scanners = List.of(sarif, builtin);

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("sarif", "semgrep exited"));
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
      assertThat(result.hasErrors()).isTrue();
    }

    @Test
    void shouldEndInErrorWhenAScannerCrashesEvenThoughAnotherFoundNothing() {
      // Given
      var crashing = ScriptedSecurityScanner.withId("inspector")
          .failingEverything(new IllegalStateException("unexpected SBOM format"));
      scanners = List.of(builtin, crashing);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason())
          .hasValueSatisfying(r -> assertThat(r).contains("inspector", "unexpected SBOM format"));
      assertThat(builtin.scanned()).containsExactly("requests");
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldEndInErrorKeepingEarlierFindingsWhenTheSecondOfTwoScannersFails() {
      // Given
      Finding low = finding("B101", Severity.LOW);
      builtin.reporting("requests", low);
      var codeguru = ScriptedSecurityScanner.withId("codeguru")
          .failing("requests", new PortException("scan timed out after PT30M"));
      scanners = List.of(builtin, codeguru);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.verdict().orElseThrow().findings()).containsExactly(low);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("codeguru", "timed out"));
      assertThat(codeguru.scanned()).containsExactly("requests");
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldEndInErrorRatherThanRefuseWhenAScannerFailsAfterABlockingFinding() {
      // Given: a refusal recorded now would never be re-examined with the missing scanner's findings
      builtin.reporting("requests", finding("B602", Severity.HIGH));
      var codeguru = ScriptedSecurityScanner.withId("codeguru")
          .failingEverything(new PortException("throttled"));
      scanners = List.of(builtin, codeguru);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldEndInErrorWhenAScannerReturnsNoListAtAll() throws Exception {
      // Given
      SecurityScanner broken = mock(SecurityScanner.class);
      given(broken.id()).willReturn("broken");
      given(broken.scan(any(), any())).willReturn(null);
      scanners = List.of(broken);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldEndInErrorWhenAScannerThrowsAnError() throws Exception {
      // Given
      SecurityScanner broken = mock(SecurityScanner.class);
      given(broken.id()).willReturn("broken");
      given(broken.scan(any(), any())).willThrow(new StackOverflowError("deeply nested archive"));
      scanners = List.of(broken);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("StackOverflowError"));
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).isEmpty();
      assertThat(fetcher.artifacts()).singleElement().extracting(InMemoryFetchedArtifact::isClosed).isEqualTo(true);
    }

    @Test
    void shouldEndInErrorWithoutRecordingWhenPublishFails() {
      // Given
      repository.failPublishWith(new PortException("requests 2.31.0 exists with different content"));

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("different content"));
      assertThat(outcome.publication()).isEmpty();
      assertThat(outcome.sha256()).contains(CONTENT_SHA);
      assertThat(ledger.recorded()).isEmpty();
      assertThat(result.hasErrors()).isTrue();
    }

    @Test
    void shouldKeepTheApprovalWhenReleasingTheFetchedArchiveFails() throws Exception {
      // Given
      FetchedArtifact stubborn = mock(FetchedArtifact.class);
      given(stubborn.sha256()).willReturn(CONTENT_SHA);
      given(stubborn.fileName()).willReturn("requests-2.31.0.tar.gz");
      org.mockito.BDDMockito.willThrow(new java.io.UncheckedIOException(new java.io.IOException("busy")))
          .given(stubborn).close();
      fetcherPort = mock(ArtifactFetcher.class);
      given(fetcherPort.fetch(any())).willReturn(stubborn);
      given(fetcherPort.fetch(any(), any())).willReturn(stubborn);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(repository.published()).hasSize(1);
      assertThat(ledger.recorded()).hasSize(1);
      then(stubborn).should().close();
    }

    @Test
    void shouldEndInErrorWithoutRecordingWhenPublishCrashes() throws Exception {
      // Given
      repositoryPort = mock(PackageRepository.class);
      given(repositoryPort.findBySha256(any(), any())).willReturn(Optional.empty());
      given(repositoryPort.publish(any(), any(), any(), any()))
          .willThrow(new IllegalStateException("disk full"));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("disk full"));
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldEndInErrorWhenRecordingTheDecisionFailsAfterPublishing() {
      // Given
      ledger.failRecordWith(new PortException("conditional write failed"));

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("conditional write failed"));
      assertThat(repository.published()).hasSize(1);
      assertThat(result.hasErrors()).isTrue();
    }

    @Test
    void shouldEndInErrorWithoutScanningWhenTheLedgerCannotBeRead() throws Exception {
      // Given
      ledgerPort = mock(DecisionLedger.class);
      given(ledgerPort.find(any())).willThrow(new PortException("ledger table not found"));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("ledger table not found"));
      assertThat(builtin.scanned()).isEmpty();
      assertThat(repository.published()).isEmpty();
      then(ledgerPort).should(never()).record(any(), any());
    }
  }

  @Nested
  @DisplayName("a pinned SHA-256 must match the fetched content")
  class PinnedSha256 {

    @Test
    void shouldEndInErrorWithoutScanningOrPublishingWhenContentDoesNotMatchThePin() throws Exception {
      // Given
      Sha256 pinned = sha256Of(bytes("the archive the requester reviewed"));
      source = FixedRequestSource.of(defaultRequestBuilder().sha256(pinned).build());
      SecurityScanner scanner = mock(SecurityScanner.class);
      scanners = List.of(scanner);
      repositoryPort = mock(PackageRepository.class);

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.errorReason())
          .hasValueSatisfying(r -> assertThat(r).contains("does not match", pinned.hex(), CONTENT_SHA.hex()));
      assertThat(outcome.sha256()).contains(CONTENT_SHA);
      then(scanner).should(never()).scan(any(), any());
      then(repositoryPort).shouldHaveNoInteractions();
      assertThat(ledger.recorded()).isEmpty();
    }

    @Test
    void shouldApproveWhenContentMatchesThePin() {
      // Given
      source = FixedRequestSource.of(defaultRequestBuilder().sha256(CONTENT_SHA).build());

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(repository.published()).hasSize(1);
      assertThat(ledger.recorded()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("idempotent: the same content is decided and published once")
  class Idempotency {

    @Test
    void shouldSkipWithoutScanningOrPublishingWhenTheLedgerHasADecisionForTheContent() throws Exception {
      // Given
      Publication earlier = publication("requests", "2.31.0", "requests-2.31.0.tar.gz", CONTENT_SHA);
      Decision decision = approvedDecision(defaultRequest(), CONTENT_SHA, earlier);
      ledger.preload(decision);
      SecurityScanner scanner = mock(SecurityScanner.class);
      scanners = List.of(scanner);
      repositoryPort = mock(PackageRepository.class);

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.ALREADY_DECIDED);
      assertThat(outcome.previousDecision()).contains(decision);
      assertThat(outcome.publication()).contains(earlier);
      assertThat(outcome.version()).contains("2.31.0");
      assertThat(outcome.isNews()).isFalse();
      then(scanner).shouldHaveNoInteractions();
      then(repositoryPort).shouldHaveNoInteractions();
      assertThat(ledger.recorded()).isEmpty();
      assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void shouldReportTheEarlierBlockingFindingsWhenTheContentWasRefusedBefore() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      ledger.preload(refusedDecision(defaultRequest(), CONTENT_SHA, high));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ALREADY_DECIDED);
      assertThat(outcome.blockingFindings()).containsExactly(high);
      assertThat(builtin.scanned()).isEmpty();
      assertThat(repository.published()).isEmpty();
    }

    @Test
    void shouldNotFetchWhenThePinnedContentWasAlreadyDecided() throws Exception {
      // Given
      PackageRequest pinned = defaultRequestBuilder().sha256(CONTENT_SHA).build();
      source = FixedRequestSource.of(pinned);
      ledger.preload(refusedDecision(pinned, CONTENT_SHA, finding("B602", Severity.HIGH)));
      fetcherPort = mock(ArtifactFetcher.class);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.ALREADY_DECIDED);
      then(fetcherPort).shouldHaveNoInteractions();
      assertThat(builtin.scanned()).isEmpty();
    }

    @Test
    void shouldDecideAgainWhenTheSameRequestNowServesDifferentContent() {
      // Given
      Sha256 oldSha = sha256Of(bytes("last week's archive"));
      ledger.preload(refusedDecision(defaultRequest(), oldSha, finding("B602", Severity.HIGH)));

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(builtin.scanned()).containsExactly("requests");
      assertThat(ledger.recorded()).singleElement()
          .extracting(Decision::key).isEqualTo(defaultRequest().key().withContent(CONTENT_SHA));
    }

    @Test
    void shouldPublishExactlyOnceWhenTheSameServiceRunsTwiceOverTheSameRequests() {
      // Given
      source = FixedRequestSource.of(defaultRequest(), request("numpy", 2));
      ProcessRequestsService service = service();

      // When
      RunResult first = service.process(defaultCommand());
      RunResult second = service.process(new ProcessRequestsCommand("run-2"));

      // Then
      assertThat(first.outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.APPROVED, Status.APPROVED);
      assertThat(second.outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.ALREADY_DECIDED, Status.ALREADY_DECIDED);
      assertThat(repository.published()).extracting(Publication::packageName)
          .containsExactlyInAnyOrder("requests", "numpy");
      assertThat(ledger.recorded()).hasSize(2);
      assertThat(builtin.scanned()).containsExactlyInAnyOrder("requests", "numpy");
    }

    @Test
    void shouldRecordTheDecisionWithoutPublishingAgainWhenTheContentIsAlreadyPublished() {
      // Given
      Publication existing = publication("requests", "2.31.0", "requests-2.31.0.tar.gz", CONTENT_SHA);
      repository.preload(existing);

      // When
      RequestOutcome outcome = onlyOutcome(run());

      // Then
      assertThat(outcome.status()).isEqualTo(Status.APPROVED);
      assertThat(outcome.publication()).contains(existing);
      assertThat(repository.published()).isEmpty();
      assertThat(ledger.recorded()).singleElement().satisfies(d -> {
        assertThat(d.outcome()).isEqualTo(ScanVerdict.Outcome.APPROVED);
        assertThat(d.publication()).contains(existing);
        assertThat(d.version()).contains("2.31.0");
      });
    }

    @Test
    void shouldFinishTheJobWithoutPublishingTwiceWhenRerunAfterTheLedgerFailed() {
      // Given: a run that published but could not record
      ProcessRequestsService service = service();
      ledger.failRecordWith(new PortException("ledger unavailable"));
      RunResult crashed = service.process(defaultCommand());
      ledger.failRecordWith(null);

      // When
      RunResult rerun = service.process(new ProcessRequestsCommand("run-2"));

      // Then
      assertThat(onlyOutcome(crashed).status()).isEqualTo(Status.ERROR);
      assertThat(onlyOutcome(rerun).status()).isEqualTo(Status.APPROVED);
      assertThat(repository.published()).hasSize(1);
      assertThat(ledger.recorded()).singleElement().satisfies(d -> {
        assertThat(d.runId()).isEqualTo("run-2");
        assertThat(d.publication()).contains(repository.published().get(0));
      });
    }
  }

  @Nested
  @DisplayName("one bad request never stops the others")
  class Isolation {

    @Test
    void shouldGiveOneOutcomePerInputInLineOrderWhenRequestsFailInDifferentWays() {
      // Given
      source = FixedRequestSource.parsing("""
          requests,https://files.pythonhosted.org/packages/source/r/requests/requests-2.31.0.tar.gz
          bad name!,https://files.pythonhosted.org/packages/source/b/bad/bad-1.0.0.tar.gz
          broken,https://files.pythonhosted.org/packages/source/b/broken/broken-1.0.0.tar.gz
          evil,https://files.pythonhosted.org/packages/source/e/evil/evil-6.6.6.tar.gz
          numpy,https://files.pythonhosted.org/packages/source/n/numpy/numpy-2.1.0.tar.gz
          only-one-column
          """);
      fetcher.failure("broken", new PortException("HTTP 404 from files.pythonhosted.org"));
      builtin.reporting("evil", finding("B602", Severity.HIGH));

      // When
      RunResult result = run();

      // Then
      assertThat(result.outcomes())
          .extracting(RequestOutcome::label, RequestOutcome::status)
          .containsExactly(
              tuple("requests", Status.APPROVED),
              tuple("line 2", Status.ERROR),
              tuple("broken", Status.ERROR),
              tuple("evil", Status.REFUSED),
              tuple("numpy", Status.APPROVED),
              tuple("line 6", Status.ERROR));
      assertThat(result.hasErrors()).isTrue();
      assertThat(result.count(Status.ERROR)).isEqualTo(3);
      assertThat(repository.published()).extracting(Publication::packageName)
          .containsExactlyInAnyOrder("requests", "numpy");
      assertThat(ledger.recorded()).extracting(Decision::packageName)
          .containsExactlyInAnyOrder("requests", "evil", "numpy");
    }

    @Test
    void shouldSortOutcomesByLineWhenTheSourceListsRequestsOutOfOrder() {
      // Given
      source = FixedRequestSource.of(
          List.of(request("epsilon", 5), request("alpha", 1), request("gamma", 3)),
          List.of(RowError.of(4, "column 2 (url): url is empty"), RowError.of(2, "column 1 (name): name is empty")));

      // When
      RunResult result = run();

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::label)
          .containsExactly("alpha", "line 2", "gamma", "line 4", "epsilon");
    }

    @Test
    void shouldKeepProcessingTheOthersWhenOneRequestCrashesUnexpectedly() {
      // Given
      source = FixedRequestSource.of(request("alpha", 1), request("beta", 2), request("gamma", 3));
      fetcher.crash("beta", new NullPointerException());

      // When
      RunResult result = run();

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.APPROVED, Status.ERROR, Status.APPROVED);
      assertThat(result.outcomes().get(1).errorReason())
          .hasValueSatisfying(r -> assertThat(r).contains("NullPointerException"));
    }

    @Test
    void shouldReportNoErrorsWhenEveryRequestIsDecided() {
      // Given
      source = FixedRequestSource.of(request("alpha", 1), request("evil", 2));
      builtin.reporting("evil", finding("B602", Severity.HIGH));

      // When
      RunResult result = run();

      // Then
      assertThat(result.outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.APPROVED, Status.REFUSED);
      assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void shouldEndInASingleErrorNamingTheSourceWhenTheSourceCannotBeRead() {
      // Given
      source = FixedRequestSource.failingWith(new PortException("HTTP 404 for requests.csv at abc123"));
      fetcherPort = mock(ArtifactFetcher.class);

      // When
      RunResult result = run();

      // Then
      RequestOutcome outcome = onlyOutcome(result);
      assertThat(outcome.status()).isEqualTo(Status.ERROR);
      assertThat(outcome.request()).isEmpty();
      assertThat(outcome.errorReason())
          .hasValueSatisfying(r -> assertThat(r).contains(FixedRequestSource.DESCRIPTION, "HTTP 404"));
      assertThat(result.hasErrors()).isTrue();
      assertThat(result.source()).isEqualTo(FixedRequestSource.DESCRIPTION);
      then(fetcherPort).shouldHaveNoInteractions();
      assertThat(notifier.results()).containsExactly(result);
    }
  }

  @Test
  void shouldEndInASingleErrorWhenTheSourceCrashes() {
    // Given
    fetcherPort = mock(ArtifactFetcher.class);

    // When
    RunResult result = new ProcessRequestsService(new dev.airlock.application.port.out.RequestSource() {
      @Override
      public String describe() {
        return "broken.csv";
      }

      @Override
      public dev.airlock.domain.ParsedRequestFile load() {
        throw new IllegalStateException("parser bug");
      }
    }, fetcherPort, scanners, policy, distributions, repositoryPort, ledgerPort, notifiers, fixedClock(), 1)
        .process(defaultCommand());

    // Then
    RequestOutcome outcome = onlyOutcome(result);
    assertThat(outcome.status()).isEqualTo(Status.ERROR);
    assertThat(outcome.errorReason()).hasValueSatisfying(r -> assertThat(r).contains("broken.csv", "parser bug"));
    assertThat(notifier.results()).containsExactly(result);
    then(fetcherPort).shouldHaveNoInteractions();
  }

  @Nested
  @DisplayName("a failing notifier never changes a decision")
  class Notification {

    @Test
    void shouldPassTheSourcesWarningToTheNotifiersAndTheResultWhenTheSourceGivesOne() throws Exception {
      // Given a source that could not tell who asked
      String warning = "who added each row is unknown; every row is attributed to carol";
      source = FixedRequestSource.holding(FixedRequestSource.of(defaultRequest()).load()
          .withRequesters(r -> Requester.of("carol"), List.of(warning)));

      // When
      RunResult result = run();

      // Then
      assertThat(result.warnings()).containsExactly(warning);
      assertThat(notifier.results()).singleElement()
          .satisfies(r -> assertThat(r.warnings()).containsExactly(warning));
      assertThat(onlyOutcome(result).request().orElseThrow().requester()).isEqualTo(Requester.of("carol"));
      assertThat(ledger.recorded()).singleElement()
          .satisfies(d -> assertThat(d.requester()).isEqualTo(Requester.of("carol")));
    }

    @Test
    void shouldWarnAndKeepTheDecisionsWhenANotifierFails() {
      // Given
      var sns = RecordingNotifier.failing("sns", new PortException("topic arn:aws:sns:eu-west-1:1:x not found"));
      notifiers = List.of(sns, notifier);

      // When
      RunResult result = run();

      // Then
      assertThat(result.warnings()).singleElement().asString().contains("sns", "not found");
      assertThat(onlyOutcome(result).status()).isEqualTo(Status.APPROVED);
      assertThat(result.hasErrors()).isFalse();
      assertThat(repository.published()).hasSize(1);
      assertThat(ledger.recorded()).hasSize(1);
      assertThat(notifier.results()).singleElement()
          .extracting(RunResult::outcomes).isEqualTo(result.outcomes());
    }

    @Test
    void shouldWarnAndStillCallTheOtherNotifiersWhenANotifierCrashes() {
      // Given
      var github = RecordingNotifier.crashing("github", new IllegalStateException("rate limited"));
      var sns = RecordingNotifier.withId("sns");
      notifiers = List.of(notifier, github, sns);

      // When
      RunResult result = run();

      // Then
      assertThat(result.warnings()).singleElement().asString().contains("github", "rate limited");
      assertThat(notifier.results()).hasSize(1);
      assertThat(github.results()).hasSize(1);
      assertThat(sns.results()).hasSize(1);
      assertThat(onlyOutcome(result).status()).isEqualTo(Status.APPROVED);
    }

    @Test
    void shouldGiveOneWarningPerFailingNotifierWhenSeveralFail() {
      // Given
      notifiers = List.of(
          RecordingNotifier.failing("sns", new PortException("access denied")),
          RecordingNotifier.crashing("github", new IllegalStateException("bad credentials")));

      // When
      RunResult result = run();

      // Then
      assertThat(result.warnings()).hasSize(2);
      assertThat(result.warnings().get(0)).contains("sns", "access denied");
      assertThat(result.warnings().get(1)).contains("github", "bad credentials");
    }
  }

  @Nested
  @DisplayName("a report not written fails the run but never changes a decision")
  class Reports {

    @Test
    void shouldTellTheReportersTheResultWithTheNotifiersWarningsWhenTheNotifiersHaveBeenTold() {
      // Given
      var reporter = RecordingReporter.working();
      reporters = List.of(reporter);
      notifiers = List.of(RecordingNotifier.failing("sns", new PortException("access denied")), notifier);

      // When
      RunResult result = run();

      // Then
      assertThat(reporter.results()).containsExactly(result);
      assertThat(result.warnings()).singleElement().asString().contains("sns", "access denied");
      assertThat(result.failures()).isEmpty();
      assertThat(result.failed()).isFalse();
    }

    @Test
    void shouldFailTheRunInThePortsWordsButKeepTheDecisionsWhenAReportCannotBeWritten() {
      // Given
      var reporter = RecordingReporter.failing(new PortException("cannot write report /r/airlock-junit.xml (denied)"));
      reporters = List.of(reporter);

      // When
      RunResult result = run();

      // Then
      assertThat(result.failures()).containsExactly("cannot write report /r/airlock-junit.xml (denied)");
      assertThat(result.failed()).isTrue();
      assertThat(result.hasErrors()).isFalse();
      assertThat(result.warnings()).isEmpty();
      assertThat(onlyOutcome(result).status()).isEqualTo(Status.APPROVED);
      assertThat(repository.published()).hasSize(1);
      assertThat(ledger.recorded()).hasSize(1);
      assertThat(notifier.results()).hasSize(1);
    }

    @Test
    void shouldFailTheRunAndStillTellTheOtherReportersWhenAReporterCrashes() {
      // Given
      var crashing = RecordingReporter.crashing(new IllegalStateException("disk gone"));
      var next = RecordingReporter.working();
      reporters = List.of(crashing, next);

      // When
      RunResult result = run();

      // Then
      assertThat(result.failures()).singleElement().asString().contains("IllegalStateException", "disk gone");
      assertThat(next.results()).hasSize(1);
      assertThat(onlyOutcome(result).status()).isEqualTo(Status.APPROVED);
    }
  }

  @Nested
  @DisplayName("bounded concurrency")
  class BoundedConcurrency {

    private static final int REQUESTS = 8;

    @ParameterizedTest(name = "maxConcurrency = {0}")
    @ValueSource(ints = {1, 2, 3})
    void shouldFetchAtMostMaxConcurrencyAtOnceAndFinishEveryRequestWhenFetchesBlock(int limit) throws Exception {
      // Given
      maxConcurrency = limit;
      source = FixedRequestSource.of(IntStream.rangeClosed(1, REQUESTS)
          .mapToObj(i -> request("package-" + i, i)).toArray(PackageRequest[]::new));
      var gated = new GatedFetcher(fetcher);
      fetcherPort = gated;
      ProcessRequestsService service = service();
      ExecutorService runner = Executors.newSingleThreadExecutor();
      try {
        // When: the run starts and its first fetches block at the gate
        Future<RunResult> running = runner.submit(() -> service.process(defaultCommand()));

        // Then: exactly `limit` fetches start, and no more while they block
        assertThat(gated.arrivals.tryAcquire(limit, 5, SECONDS))
            .as("%d fetches in flight at once", limit).isTrue();
        assertThat(gated.arrivals.tryAcquire(1, 20, MILLISECONDS))
            .as("a fetch beyond maxConcurrency started").isFalse();
        // ... and each finished fetch lets exactly one more start
        for (int started = limit; started < REQUESTS; started++) {
          gated.gate.release();
          assertThat(gated.arrivals.tryAcquire(1, 5, SECONDS)).as("fetch %d started", started + 1).isTrue();
          assertThat(gated.inFlight.get()).isLessThanOrEqualTo(limit);
        }
        gated.gate.release(limit);
        RunResult result = running.get(5, SECONDS);

        assertThat(gated.highWater.get()).isEqualTo(limit);
        assertThat(result.outcomes()).hasSize(REQUESTS).allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.APPROVED));
        assertThat(fetcher.fetched()).hasSize(REQUESTS);
      } finally {
        gated.gate.release(REQUESTS);
        runner.shutdownNow();
      }
    }
  }

  /** Lets each fetch through only when the test opens its gate; counts fetches in flight. */
  private static final class GatedFetcher implements ArtifactFetcher {
    final ArtifactFetcher delegate;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger highWater = new AtomicInteger();
    final Semaphore arrivals = new Semaphore(0);
    final Semaphore gate = new Semaphore(0);

    GatedFetcher(ArtifactFetcher delegate) {
      this.delegate = delegate;
    }

    @Override
    public FetchedArtifact fetch(PackageRequest request) throws PortException {
      highWater.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        arrivals.release();
        if (!gate.tryAcquire(5, SECONDS)) {
          throw new PortException("the test never opened the gate for " + request.name());
        }
        return delegate.fetch(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PortException("interrupted", e);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  @Nested
  @DisplayName("fetched artifacts are always closed")
  class ArtifactLifecycle {

    private void assertEveryArtifactClosedOnce() {
      assertThat(fetcher.artifacts()).isNotEmpty()
          .allSatisfy(a -> assertThat(a.closeCount()).as("close() calls on %s", a).isEqualTo(1));
    }

    @Test
    void shouldCloseTheArtifactOnlyAfterScanningWhenApproved() {
      // Given: a clean package

      // When
      run();

      // Then
      assertThat(builtin.sawOnlyOpenArtifacts()).isTrue();
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseTheArtifactWhenRefused() {
      // Given
      builtin.reporting("requests", finding("B602", Severity.HIGH));

      // When
      run();

      // Then
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseTheArtifactWhenAScannerFails() {
      // Given
      scanners = List.of(ScriptedSecurityScanner.withId("sarif").failingEverything(new PortException("exit 2")));

      // When
      run();

      // Then
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseTheArtifactWhenAScannerCrashes() {
      // Given
      scanners = List.of(ScriptedSecurityScanner.withId("builtin").failingEverything(new IllegalStateException()));

      // When
      run();

      // Then
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseTheArtifactWhenPublishFails() {
      // Given
      repository.failPublishWith(new PortException("repository unavailable"));

      // When
      run();

      // Then
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseTheArtifactWhenRecordingFails() {
      // Given
      ledger.failRecordWith(new PortException("ledger unavailable"));

      // When
      run();

      // Then
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseTheArtifactWhenItDoesNotMatchThePin() {
      // Given
      source = FixedRequestSource.of(defaultRequestBuilder().sha256(sha256Of(bytes("other"))).build());

      // When
      run();

      // Then
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseTheArtifactWhenTheContentWasAlreadyDecided() {
      // Given
      ledger.preload(refusedDecision(defaultRequest(), CONTENT_SHA, finding("B602", Severity.HIGH)));

      // When
      run();

      // Then
      assertEveryArtifactClosedOnce();
    }

    @Test
    void shouldCloseEveryArtifactWhenManyRequestsRunConcurrently() {
      // Given
      List<PackageRequest> requests = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        requests.add(request("package-" + i, i));
      }
      source = FixedRequestSource.of(requests, List.of());
      builtin.crashing("package-7", new IllegalStateException("boom"));
      builtin.reporting("package-9", finding("B602", Severity.HIGH));

      // When
      run();

      // Then
      assertThat(fetcher.artifacts()).hasSize(20);
      assertEveryArtifactClosedOnce();
    }
  }
}

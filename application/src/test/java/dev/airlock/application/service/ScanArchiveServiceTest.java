package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.TODAY;
import static dev.airlock.application.testing.TestData.defaultContent;
import static dev.airlock.application.testing.TestData.defaultRequest;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.sha256Of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ScanArchiveCommand;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.result.ScanArchiveResult;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.application.testing.ListedArchiveEntries;
import dev.airlock.application.testing.RecordingEntryScanner;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Waiver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ScanArchiveService")
class ScanArchiveServiceTest {
  private static final byte[] CONTENT = defaultContent();

  private ScriptedSecurityScanner builtin;
  private ScriptedSecurityScanner sarif;
  private List<SecurityScanner> scanners;
  private SeverityPolicy policy;
  private InMemoryFetchedArtifact artifact;

  @BeforeEach
  void setUp() {
    builtin = ScriptedSecurityScanner.withId("builtin");
    sarif = ScriptedSecurityScanner.withId("sarif");
    scanners = List.of(builtin, sarif);
    policy = SeverityPolicy.defaultPolicy();
    artifact = new InMemoryFetchedArtifact("requests-2.31.0.tar.gz", CONTENT);
  }

  private ScanArchiveResult scan() {
    return new ScanArchiveService(scanners, policy, fixedClock())
        .scan(new ScanArchiveCommand(defaultRequest(), artifact));
  }

  @Nested
  @DisplayName("construction")
  class Construction {

    @Test
    void shouldRejectConstructionWhenNoScannerIsConfigured() {
      // Given
      scanners = List.of();

      // When / Then
      assertThatThrownBy(() -> new ScanArchiveService(scanners, policy, fixedClock()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("scanner");
    }
  }

  @Nested
  @DisplayName("verdicts")
  class Verdicts {

    @Test
    void shouldApproveWhenNoScannerFindsAnything() {
      // Given: both scanners find nothing

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.APPROVED);
      assertThat(builtin.scanned()).containsExactly("requests");
      assertThat(sarif.scanned()).containsExactly("requests");
    }

    @Test
    void shouldRefuseWithTheBlockingFindingsWhenAFindingReachesTheThreshold() {
      // Given
      Finding low = finding("B101", Severity.LOW);
      Finding critical = finding("CVE-2099-0001", Severity.CRITICAL);
      builtin.reporting("requests", low);
      sarif.reporting("requests", critical);

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
      assertThat(result.verdict().blockingFindings()).containsExactly(critical);
      assertThat(result.verdict().findings()).containsExactly(low, critical);
    }

    @Test
    void shouldEndInErrorWhenAScannerFailsEvenThoughAnotherFoundNothing() {
      // Given
      sarif.failingEverything(new PortException("semgrep exited with status 2"));

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.ERROR);
      assertThat(result.verdict().errorReason())
          .hasValueSatisfying(r -> assertThat(r).contains("sarif", "semgrep exited with status 2"));
    }

    @Test
    void shouldEndInErrorWhenAScannerCrashes() {
      // Given
      builtin.failingEverything(new IllegalStateException("corrupt archive index"));

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.ERROR);
      assertThat(result.verdict().errorReason())
          .hasValueSatisfying(r -> assertThat(r).contains("builtin", "corrupt archive index"));
    }

    @Test
    void shouldRefuseWhenTheWaiverExpiredBeforeTheClocksDate() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      builtin.reporting("requests", high);
      policy = SeverityPolicy.builder()
          .addWaivers(Waiver.builder()
              .packageName("requests")
              .ruleId("B602")
              .justification("reviewed")
              .expires(TODAY.minusDays(1))
              .build())
          .build();

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.REFUSED);
      assertThat(result.verdict().expiredWaivers()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("report")
  class Report {

    @Test
    void shouldReportTheScannerIdsInConfiguredOrderWhenScanned() {
      // Given: builtin, then sarif

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.scanners()).containsExactly("builtin", "sarif");
    }

    @Test
    void shouldReportTheArchivesNameDigestAndSizeWhenScanned() {
      // Given: the default archive

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.packageName()).isEqualTo("requests");
      assertThat(result.sha256()).isEqualTo(sha256Of(CONTENT));
      assertThat(result.size()).isEqualTo(CONTENT.length);
      assertThat(result.duration()).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldReportTheScannerIdsEvenWhenAScannerFails() {
      // Given
      builtin.failingEverything(new PortException("exit 2"));

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.scanners()).containsExactly("builtin", "sarif");
      assertThat(result.sha256()).isEqualTo(sha256Of(CONTENT));
    }

    @Test
    void shouldPassTheCallersArtifactToEveryScannerAndLeaveItOpenWhenScanned() throws Exception {
      // Given
      SecurityScanner mocked = mock(SecurityScanner.class);
      given(mocked.id()).willReturn("mocked");
      given(mocked.scan(any(), any())).willReturn(List.of());
      scanners = List.of(mocked);

      // When
      scan();

      // Then
      then(mocked).should().scan(eq(defaultRequest()), eq(artifact));
      assertThat(artifact.isClosed()).as("the caller closes the artifact").isFalse();
    }
  }

  @Nested
  @DisplayName("one pass over the archive")
  class OnePass {
    private final ListedArchiveEntries pass = new ListedArchiveEntries()
        .file("demo-1.0/setup.py", "setup()")
        .file("demo-1.0/requirements.txt", "requests==2.31.0");
    private final RecordingEntryScanner rules = new RecordingEntryScanner("rules", ".py");
    private final RecordingEntryScanner manifests = new RecordingEntryScanner("manifests", ".txt");

    private ScanArchiveResult scanInOnePass() {
      return new ScanArchiveService(scanners, java.util.Optional.of(pass), policy, fixedClock())
          .scan(new ScanArchiveCommand(defaultRequest(), artifact));
    }

    @Test
    void shouldFeedEveryEntryScannerFromOnePassWhenSeveralLookInsideTheArchive() {
      // Given
      scanners = List.of(rules, sarif, manifests);

      // When
      ScanArchiveResult result = scanInOnePass();

      // Then
      assertThat(pass.passes()).isEqualTo(1);
      assertThat(rules.ownReads()).isZero();
      assertThat(manifests.ownReads()).isZero();
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.APPROVED);
      assertThat(result.verdict().findings()).extracting(Finding::scanner, Finding::path, Finding::description)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("rules", java.util.Optional.of("demo-1.0/setup.py"),
              "setup()"), org.assertj.core.groups.Tuple.tuple("manifests",
              java.util.Optional.of("demo-1.0/requirements.txt"), "requests==2.31.0"));
      assertThat(result.scanners()).containsExactly("rules", "sarif", "manifests");
      assertThat(sarif.scanned()).hasSize(1);
      assertThat(rules.closed()).isEqualTo(1);
      assertThat(manifests.closed()).isEqualTo(1);
    }

    @Test
    void shouldEndInErrorNamingTheScannerWhenOneStopsWhileTheArchiveIsRead() {
      // Given
      manifests.failingOn("demo-1.0/requirements.txt");
      scanners = List.of(rules, manifests);

      // When
      ScanArchiveResult result = scanInOnePass();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.ERROR);
      assertThat(result.verdict().errorReason()).hasValue(
          "scanner manifests failed: cannot read demo-1.0/requirements.txt");
      assertThat(result.verdict().findings()).extracting(Finding::scanner).containsExactly("rules");
      assertThat(manifests.closed()).isEqualTo(1);
    }

    @Test
    void shouldEndInErrorNamingEveryEntryScannerAndCloseThemWhenTheArchiveCannotBeRead() {
      // Given
      pass.damaged("it ends early");
      scanners = List.of(rules, sarif, manifests);

      // When
      ScanArchiveResult result = scanInOnePass();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.ERROR);
      assertThat(result.verdict().errorReason()).hasValue("scanners rules, manifests failed: archive "
          + "requests-2.31.0.tar.gz cannot be read: it ends early");
      assertThat(sarif.scanned()).isEmpty();
      assertThat(rules.closed()).isEqualTo(1);
      assertThat(manifests.closed()).isEqualTo(1);
    }

    @Test
    void shouldTellEveryScanAndLetEachDecideWhenTheArchivePassesAnIntakeLimit() {
      // Given
      pass.limitPassed("archive has more than 2 entries");
      scanners = List.of(rules, manifests);

      // When
      ScanArchiveResult result = scanInOnePass();

      // Then
      assertThat(rules.limits()).containsExactly("archive has more than 2 entries");
      assertThat(manifests.limits()).containsExactly("archive has more than 2 entries");
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.ERROR);
      assertThat(result.verdict().errorReason()).hasValue(
          "scanner rules failed: the archive passes an intake limit: archive has more than 2 entries");
    }

    @Test
    void shouldLetEachEntryScannerReadOnItsOwnWhenNoPassIsGiven() {
      // Given
      scanners = List.of(rules, manifests);

      // When
      ScanArchiveResult result = scan();

      // Then
      assertThat(result.verdict().outcome()).isEqualTo(ScanVerdict.Outcome.APPROVED);
      assertThat(rules.ownReads()).isEqualTo(1);
      assertThat(manifests.ownReads()).isEqualTo(1);
      assertThat(pass.passes()).isZero();
    }
  }
}

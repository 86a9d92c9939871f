package dev.airlock.application.service;

import static dev.airlock.application.testing.TestData.RUN_ID;
import static dev.airlock.application.testing.TestData.TODAY;
import static dev.airlock.application.testing.TestData.bytes;
import static dev.airlock.application.testing.TestData.defaultContent;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.fixedClock;
import static dev.airlock.application.testing.TestData.request;
import static dev.airlock.application.testing.TestData.sha256Of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.message.CheckMessages;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.CheckRequestsCommand;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.result.CheckResult;
import dev.airlock.application.result.RequestCheck;
import dev.airlock.application.result.RequestCheck.PolicyEffect;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestOutcome.Status;
import dev.airlock.application.testing.FixedRequestSource;
import dev.airlock.application.testing.RecordingCheckNotifier;
import dev.airlock.application.testing.RecordingReporter;
import dev.airlock.application.testing.ScriptedArtifactFetcher;
import dev.airlock.application.testing.ScriptedSecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.RowError;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Waiver;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("CheckRequestsService")
class CheckRequestsServiceTest {
  private static final Finding HOOK = finding("AIRLOCK-INSTALL-HOOK-DOWNLOAD", Severity.HIGH);
  private static final Waiver HOOK_WAIVER = Waiver.builder().packageName("fast-json-helper")
      .ruleId(HOOK.ruleId()).justification("reviewed the hook (SEC-77)").expires(TODAY.plusDays(30)).build();

  private final PackageRequest clean = request("tidy-stats", 2);
  private final PackageRequest hooked = request("fast-json-helper", 3);
  private FixedRequestSource source;
  private ScriptedArtifactFetcher fetcher;
  private ScriptedSecurityScanner builtin;
  private RecordingCheckNotifier notifier;
  private RecordingReporter reporter;

  @BeforeEach
  void setUp() {
    source = FixedRequestSource.of(clean, hooked);
    fetcher = ScriptedArtifactFetcher.serving(defaultContent()).content("fast-json-helper", bytes("hook"));
    builtin = ScriptedSecurityScanner.withId("builtin").reporting("fast-json-helper", HOOK);
    notifier = RecordingCheckNotifier.withId("github");
    reporter = RecordingReporter.working();
  }

  private CheckRequestsService service() {
    return new CheckRequestsService(source, fetcher, List.of(builtin), List.of(notifier), List.of(reporter),
        fixedClock(), 4, dev.airlock.application.port.out.ProgressListener.none());
  }

  private static CheckRequestsCommand command(SeverityPolicy policy, Optional<SeverityPolicy> before) {
    return new CheckRequestsCommand(RUN_ID, Optional.of("3".repeat(40)), policy, before);
  }

  @Nested
  @DisplayName("advice")
  class Advice {

    @Test
    void shouldSayWhatARunWouldDecideWithoutAPublicationWhenCheckingACleanAndAHookedPackage() {
      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.APPROVED, Status.REFUSED);
      assertThat(result.run().outcomes()).allSatisfy(o -> {
        assertThat(o.publication()).isEmpty();
        assertThat(o.version()).isEmpty();
      });
      assertThat(result.run().outcomes().get(0).sha256()).contains(sha256Of(defaultContent()));
      assertThat(result.run().outcomes().get(1).blockingFindings()).containsExactly(HOOK);
      assertThat(result.run().commit()).contains("3".repeat(40));
      assertThat(result.policyChanged()).isFalse();
      assertThat(result.requests()).extracting(RequestCheck::policyEffect).containsOnly(PolicyEffect.NONE);
      assertThat(notifier.results()).containsExactly(result);
      assertThat(fetcher.artifacts()).allSatisfy(a -> assertThat(a.isClosed()).isTrue());
    }

    @Test
    void shouldHaveNoWayToPublishOrRecordWhenBuilt() {
      // Then: advice only by construction, the service is given neither a repository nor a ledger
      for (Constructor<?> constructor : CheckRequestsService.class.getConstructors()) {
        List<Class<?>> parameters = Arrays.asList(constructor.getParameterTypes());
        assertThat(parameters).isNotEmpty().doesNotContain(PackageRepository.class, DecisionLedger.class);
      }
      List<Class<?>> fields = Arrays.stream(CheckRequestsService.class.getDeclaredFields())
          .<Class<?>>map(java.lang.reflect.Field::getType).toList();
      assertThat(fields).isNotEmpty().doesNotContain(PackageRepository.class, DecisionLedger.class);
    }

    @Test
    void shouldEndOnlyTheFailedRequestInErrorWhenOneDownloadFails() {
      // Given
      fetcher.failure("tidy-stats", new PortException("download failed with HTTP 404"));

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes()).extracting(RequestOutcome::status).containsExactly(Status.ERROR,
          Status.REFUSED);
      assertThat(result.run().hasErrors()).isTrue();
      assertThat(result.run().outcomes().get(0).errorReason()).contains("download failed with HTTP 404");
    }

    @Test
    void shouldEndInErrorWhenThePinnedDigestDoesNotMatchTheContent() {
      // Given a pin that is not the served content's
      PackageRequest pinned = PackageRequest.builder().from(clean).sha256(sha256Of(bytes("other"))).build();
      source = FixedRequestSource.of(pinned);

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.ERROR);
        assertThat(o.errorReason().orElseThrow()).contains("does not match the pinned");
      });
      assertThat(builtin.scanned()).isEmpty();
    }

    @Test
    void shouldEndInErrorWhenAScannerFails() {
      // Given
      builtin.failing("tidy-stats", new PortException("rules could not load"));

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes().get(0).status()).isEqualTo(Status.ERROR);
      assertThat(result.run().outcomes().get(0).errorReason().orElseThrow()).contains("scanner builtin failed");
    }

    @Test
    void shouldListUnreadableRowsAndRequestsInLineOrderWhenTheSourceHasBoth() {
      // Given
      source = FixedRequestSource.of(List.of(hooked, clean), List.of(RowError.of(1, "name is missing")));

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes()).extracting(RequestOutcome::label)
          .containsExactly("line 1", "tidy-stats", "fast-json-helper");
    }

    @Test
    void shouldReportOneErrorWhenTheSourceCannotBeRead() {
      // Given
      source = FixedRequestSource.failingWith(new PortException("HTTP 404 on the pull request"));

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.ERROR);
        assertThat(o.errorReason().orElseThrow()).contains("cannot read " + FixedRequestSource.DESCRIPTION,
            "HTTP 404 on the pull request");
      });
      assertThat(fetcher.fetched()).isEmpty();
    }

    @Test
    void shouldKeepTheAdviceAndWarnWhenANotifierFails() {
      // Given
      notifier = RecordingCheckNotifier.failing("github", new PortException("HTTP 403 on the comment"));

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.APPROVED, Status.REFUSED);
      assertThat(result.run().warnings()).singleElement().asString()
          .contains("notifier github failed", "HTTP 403 on the comment");
      assertThat(reporter.results()).containsExactly(result.run());
    }

    @Test
    void shouldReportTheCheckAsARunAfterTheNotifiersWhenTheCheckFinishes() {
      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(notifier.results()).hasSize(1);
      assertThat(reporter.results()).containsExactly(result.run());
      assertThat(result.run().failed()).isFalse();
    }

    @Test
    void shouldKeepTheAdviceAndFailTheCheckWhenAReportCannotBeWritten() {
      // Given
      reporter = RecordingReporter.failing(new PortException("cannot write report /r/airlock-report.json (full)"));

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.empty()));

      // Then
      assertThat(result.run().outcomes()).extracting(RequestOutcome::status)
          .containsExactly(Status.APPROVED, Status.REFUSED);
      assertThat(result.run().failures()).containsExactly("cannot write report /r/airlock-report.json (full)");
      assertThat(result.run().failed()).isTrue();
      assertThat(result.requests()).hasSize(2);
    }
  }

  @Nested
  @DisplayName("a change that edits the policy")
  class PolicyChange {

    @Test
    void shouldSayTheVerdictIsApprovedBecauseOfTheWaiverWhenTheChangeAddsOneForTheBlockingFinding() {
      // Given the change adds a waiver for the hook
      SeverityPolicy before = SeverityPolicy.defaultPolicy();
      SeverityPolicy after = SeverityPolicy.builder().from(before).addWaivers(HOOK_WAIVER).build();

      // When
      CheckResult result = service().check(command(after, Optional.of(before)));

      // Then
      assertThat(result.policyChanged()).isTrue();
      RequestCheck check = result.requests().get(1);
      assertThat(check.outcome().status()).isEqualTo(Status.APPROVED);
      assertThat(check.policyEffect()).isEqualTo(PolicyEffect.APPROVED_BY_CHANGE);
      assertThat(check.addedWaivers()).containsExactly(HOOK_WAIVER);
      assertThat(check.beforePolicyChange().orElseThrow().blockingFindings()).containsExactly(HOOK);
      assertThat(CheckMessages.policyEffect(check)).hasValueSatisfying(text -> assertThat(text)
          .startsWith("approved because of the waiver added in this pull request")
          .contains("fast-json-helper/AIRLOCK-INSTALL-HOOK-DOWNLOAD"));
      assertThat(result.requests().get(0).policyEffect()).isEqualTo(PolicyEffect.NONE);
      assertThat(builtin.scanned()).as("scanned once, judged twice").hasSize(2);
    }

    @Test
    void shouldSayTheVerdictIsRefusedBecauseOfTheChangeWhenTheChangeRemovesTheWaiver() {
      // Given the current policy waives the hook and the change removes the waiver
      SeverityPolicy before = SeverityPolicy.builder().from(SeverityPolicy.defaultPolicy())
          .addWaivers(HOOK_WAIVER).build();

      // When
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(), Optional.of(before)));

      // Then
      RequestCheck check = result.requests().get(1);
      assertThat(check.outcome().status()).isEqualTo(Status.REFUSED);
      assertThat(check.policyEffect()).isEqualTo(PolicyEffect.REFUSED_BY_CHANGE);
      assertThat(CheckMessages.policyEffect(check)).hasValueSatisfying(text -> assertThat(text)
          .startsWith("refused because of the policy change in this pull request"));
    }

    @Test
    void shouldSayNothingDependsOnThePolicyWhenTheChangeLeavesItAsItWas() {
      // When the policy before equals the policy after
      CheckResult result = service().check(command(SeverityPolicy.defaultPolicy(),
          Optional.of(SeverityPolicy.defaultPolicy())));

      // Then
      assertThat(result.policyChanged()).isFalse();
      assertThat(result.requests()).allSatisfy(c -> assertThat(c.beforePolicyChange()).isEmpty());
    }

    @Test
    void shouldNotCreditAnExpiredWaiverWhenTheChangeAddsOne() {
      // Given the added waiver has already expired
      Waiver expired = Waiver.builder().from(HOOK_WAIVER).expires(TODAY.minusDays(1)).build();
      SeverityPolicy before = SeverityPolicy.defaultPolicy();

      // When
      CheckResult result = service().check(command(SeverityPolicy.builder().from(before).addWaivers(expired).build(),
          Optional.of(before)));

      // Then
      RequestCheck check = result.requests().get(1);
      assertThat(check.outcome().status()).isEqualTo(Status.REFUSED);
      assertThat(check.policyEffect()).isEqualTo(PolicyEffect.NONE);
      assertThat(check.addedWaivers()).isEmpty();
    }
  }
}

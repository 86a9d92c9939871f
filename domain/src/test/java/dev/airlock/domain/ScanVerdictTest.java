package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.airlock.domain.ScanVerdict.Outcome;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ScanVerdict")
class ScanVerdictTest {

  private static Finding finding(String ruleId, Severity severity) {
    return Finding.builder()
        .ruleId(ruleId)
        .title(ruleId)
        .severity(severity)
        .scanner("builtin")
        .build();
  }

  @Nested
  @DisplayName("invariants")
  class Invariants {

    @Test
    void shouldRejectRefusedVerdictWhenItHasNoBlockingFindings() {
      // Given
      var builder = ImmutableScanVerdict.builder()
          .outcome(Outcome.REFUSED)
          .addFindings(finding("R1", Severity.HIGH));

      // When / Then
      assertThatIllegalStateException()
          .isThrownBy(builder::build)
          .withMessageContaining("REFUSED")
          .withMessageContaining("blocking finding");
    }

    @Test
    void shouldBuildRefusedVerdictWhenItHasBlockingFindings() {
      // Given
      Finding high = finding("R1", Severity.HIGH);

      // When
      ScanVerdict verdict = ScanVerdict.decided(List.of(high), List.of(high), List.of(), List.of());

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.blockingFindings()).containsExactly(high);
      assertThat(verdict.isApproved()).isFalse();
    }

    @Test
    void shouldRejectApprovedVerdictWhenItHasBlockingFindings() {
      // Given
      var builder = ImmutableScanVerdict.builder()
          .outcome(Outcome.APPROVED)
          .addBlockingFindings(finding("R1", Severity.HIGH));

      // When / Then
      assertThatIllegalStateException()
          .isThrownBy(builder::build)
          .withMessageContaining("APPROVED");
    }

    @Test
    void shouldRejectErrorVerdictWhenItHasNoReason() {
      // Given
      var builder = ImmutableScanVerdict.builder().outcome(Outcome.ERROR);

      // When / Then
      assertThatIllegalStateException()
          .isThrownBy(builder::build)
          .withMessageContaining("needs a reason");
    }

    @Test
    void shouldRejectErrorVerdictWhenReasonIsBlank() {
      // Given
      String reason = "   ";

      // When / Then
      assertThatIllegalStateException()
          .isThrownBy(() -> ScanVerdict.error(reason))
          .withMessageContaining("needs a reason");
    }

    @Test
    void shouldRejectApprovedVerdictWhenItCarriesAnErrorReason() {
      // Given
      var builder = ImmutableScanVerdict.builder().outcome(Outcome.APPROVED).errorReason("boom");

      // When / Then
      assertThatIllegalStateException()
          .isThrownBy(builder::build)
          .withMessageContaining("only an ERROR verdict has an error reason");
    }

    @Test
    void shouldApproveWhenDecidedWithoutBlockingFindings() {
      // Given
      Finding low = finding("R1", Severity.LOW);

      // When
      ScanVerdict verdict = ScanVerdict.decided(List.of(low), List.of(), List.of(), List.of());

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.isApproved()).isTrue();
      assertThat(verdict.findings()).containsExactly(low);
    }
  }

  @Nested
  @DisplayName("error verdicts")
  class ErrorVerdicts {

    @Test
    void shouldCarryReasonAndNotApproveWhenBuiltAsError() {
      // Given
      String reason = "scanner codeguru timed out after PT30M";

      // When
      ScanVerdict verdict = ScanVerdict.error(reason);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(verdict.isApproved()).isFalse();
      assertThat(verdict.errorReason()).contains(reason);
      assertThat(verdict.findings()).isEmpty();
      assertThat(verdict.blockingFindings()).isEmpty();
    }

    @Test
    void shouldKeepFindingsGatheredSoFarWhenBuiltAsErrorWithFindings() {
      // Given
      Finding high = finding("R1", Severity.HIGH);
      Finding low = finding("R2", Severity.LOW);

      // When
      ScanVerdict verdict = ScanVerdict.error("inspector failed", List.of(high, low));

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(verdict.isApproved()).isFalse();
      assertThat(verdict.errorReason()).contains("inspector failed");
      assertThat(verdict.findings()).containsExactly(high, low);
      assertThat(verdict.blockingFindings()).isEmpty();
    }
  }

  @Nested
  @DisplayName("worstSeverity()")
  class WorstSeverity {

    @Test
    void shouldBeEmptyWhenThereAreNoFindings() {
      // Given
      ScanVerdict verdict = ScanVerdict.decided(List.of(), List.of(), List.of(), List.of());

      // When / Then
      assertThat(verdict.worstSeverity()).isEmpty();
    }

    @Test
    void shouldBeTheHighestSeverityWhenFindingsAreMixed() {
      // Given
      List<Finding> findings = List.of(
          finding("R1", Severity.LOW),
          finding("R2", Severity.CRITICAL),
          finding("R3", Severity.INFO),
          finding("R4", Severity.HIGH));
      ScanVerdict verdict = ScanVerdict.decided(findings, findings.subList(1, 2), List.of(), List.of());

      // When / Then
      assertThat(verdict.worstSeverity()).contains(Severity.CRITICAL);
    }

    @Test
    void shouldCountFindingsBelowThresholdWhenVerdictIsApproved() {
      // Given
      List<Finding> findings = List.of(finding("R1", Severity.INFO), finding("R2", Severity.LOW));
      ScanVerdict verdict = ScanVerdict.decided(findings, List.of(), List.of(), List.of());

      // When / Then
      assertThat(verdict.worstSeverity()).contains(Severity.LOW);
    }

    @Test
    void shouldUseFindingsSoFarWhenVerdictIsError() {
      // Given
      ScanVerdict verdict = ScanVerdict.error("scanner crashed",
          List.of(finding("R1", Severity.MEDIUM), finding("R2", Severity.INFO)));

      // When / Then
      assertThat(verdict.worstSeverity()).contains(Severity.MEDIUM);
    }
  }
}

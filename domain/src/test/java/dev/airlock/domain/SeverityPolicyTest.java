package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.domain.ScanVerdict.Outcome;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("SeverityPolicy")
class SeverityPolicyTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 15);
  private static final String PACKAGE = "requests";

  private static Finding finding(String ruleId, Severity severity) {
    return Finding.builder()
        .ruleId(ruleId)
        .title(ruleId + " found")
        .severity(severity)
        .scanner("builtin")
        .build();
  }

  private static Waiver waiver(String packageName, String ruleId, LocalDate expires) {
    return Waiver.builder()
        .packageName(packageName)
        .ruleId(ruleId)
        .justification("accepted by InfoSec, ticket SEC-42")
        .expires(expires)
        .build();
  }

  private static SeverityPolicy policyWith(Waiver... waivers) {
    return SeverityPolicy.builder().addWaivers(waivers).build();
  }

  @Nested
  @DisplayName("default threshold")
  class DefaultThreshold {

    @Test
    void shouldRefuseAtMediumWhenPolicyIsTheDefault() {
      // Given
      SeverityPolicy policy = SeverityPolicy.defaultPolicy();

      // When
      Severity threshold = policy.threshold();

      // Then
      assertThat(threshold).isEqualTo(Severity.MEDIUM);
      assertThat(policy.waivers()).isEmpty();
    }

    @Test
    void shouldRefuseAtMediumWhenBuilderSetsNoThreshold() {
      // Given
      SeverityPolicy policy = SeverityPolicy.builder().build();

      // When
      Severity threshold = policy.threshold();

      // Then
      assertThat(threshold).isEqualTo(Severity.MEDIUM);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Severity.class, names = {"MEDIUM", "HIGH", "CRITICAL"})
    void shouldRefuseWhenFindingIsAtOrAboveMedium(Severity severity) {
      // Given
      Finding finding = finding("rule-1", severity);

      // When
      ScanVerdict verdict = SeverityPolicy.defaultPolicy().evaluate(PACKAGE, List.of(finding), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.isApproved()).isFalse();
      assertThat(verdict.blockingFindings()).containsExactly(finding);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Severity.class, names = {"INFO", "LOW"})
    void shouldApproveWhenFindingIsBelowMedium(Severity severity) {
      // Given
      Finding finding = finding("rule-1", severity);

      // When
      ScanVerdict verdict = SeverityPolicy.defaultPolicy().evaluate(PACKAGE, List.of(finding), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.blockingFindings()).isEmpty();
      assertThat(verdict.findings()).containsExactly(finding);
    }

    @Test
    void shouldRefuseWhenOnlyFindingIsCriticalUnlikeTheReference() {
      // Given: the reference checked only "Medium" and "High" and approved a Critical finding
      Finding critical = finding("CWE-94 code injection", Severity.CRITICAL);
      List<Finding> findings = List.of(finding("lint", Severity.INFO), critical);

      // When
      ScanVerdict verdict = SeverityPolicy.defaultPolicy().evaluate(PACKAGE, findings, TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.blockingFindings()).containsExactly(critical);
    }

    @Test
    void shouldApproveWhenThereAreNoFindings() {
      // Given
      List<Finding> findings = List.of();

      // When
      ScanVerdict verdict = SeverityPolicy.defaultPolicy().evaluate(PACKAGE, findings, TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.isApproved()).isTrue();
      assertThat(verdict.findings()).isEmpty();
      assertThat(verdict.blockingFindings()).isEmpty();
      assertThat(verdict.errorReason()).isEmpty();
    }

    @Test
    void shouldKeepEveryFindingButBlockOnlyThoseAtOrAboveThresholdWhenSeveritiesAreMixed() {
      // Given
      Finding info = finding("r-info", Severity.INFO);
      Finding low = finding("r-low", Severity.LOW);
      Finding medium = finding("r-medium", Severity.MEDIUM);
      Finding high = finding("r-high", Severity.HIGH);
      List<Finding> findings = List.of(info, medium, low, high);

      // When
      ScanVerdict verdict = SeverityPolicy.defaultPolicy().evaluate(PACKAGE, findings, TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.findings()).containsExactly(info, medium, low, high);
      assertThat(verdict.blockingFindings()).containsExactly(medium, high);
      assertThat(verdict.waivedFindings()).isEmpty();
    }
  }

  @Nested
  @DisplayName("custom threshold")
  class CustomThreshold {

    @Test
    void shouldApproveMediumButRefuseHighWhenThresholdIsHigh() {
      // Given
      SeverityPolicy policy = SeverityPolicy.refusingAtOrAbove(Severity.HIGH);
      Finding medium = finding("r-medium", Severity.MEDIUM);
      Finding high = finding("r-high", Severity.HIGH);

      // When
      ScanVerdict mediumOnly = policy.evaluate(PACKAGE, List.of(medium), TODAY);
      ScanVerdict withHigh = policy.evaluate(PACKAGE, List.of(medium, high), TODAY);

      // Then
      assertThat(policy.threshold()).isEqualTo(Severity.HIGH);
      assertThat(mediumOnly.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(withHigh.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(withHigh.blockingFindings()).containsExactly(high);
    }

    @Test
    void shouldRefuseInfoWhenThresholdIsInfo() {
      // Given
      SeverityPolicy policy = SeverityPolicy.refusingAtOrAbove(Severity.INFO);
      Finding info = finding("r-info", Severity.INFO);

      // When
      ScanVerdict verdict = policy.evaluate(PACKAGE, List.of(info), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.blockingFindings()).containsExactly(info);
    }

    @Test
    void shouldStillRefuseCriticalWhenThresholdIsCritical() {
      // Given
      SeverityPolicy policy = SeverityPolicy.builder().threshold(Severity.CRITICAL).build();
      Finding high = finding("r-high", Severity.HIGH);
      Finding critical = finding("r-critical", Severity.CRITICAL);

      // When
      ScanVerdict highOnly = policy.evaluate(PACKAGE, List.of(high), TODAY);
      ScanVerdict withCritical = policy.evaluate(PACKAGE, List.of(high, critical), TODAY);

      // Then
      assertThat(highOnly.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(withCritical.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(withCritical.blockingFindings()).containsExactly(critical);
    }
  }

  @Nested
  @DisplayName("waivers")
  class Waivers {

    @Test
    void shouldApproveAndListWaivedFindingWhenActiveWaiverCoversIt() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver waiver = waiver(PACKAGE, "B602", TODAY.plusDays(30));

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.blockingFindings()).isEmpty();
      assertThat(verdict.waivedFindings()).containsExactly(high);
      assertThat(verdict.expiredWaivers()).isEmpty();
    }

    @Test
    void shouldStillWaiveFindingWhenTodayIsTheExpiryDay() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver waiver = waiver(PACKAGE, "B602", TODAY);

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.waivedFindings()).containsExactly(high);
      assertThat(verdict.expiredWaivers()).isEmpty();
    }

    @Test
    void shouldRefuseAndListExpiredWaiverWhenWaiverExpiredYesterday() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver waiver = waiver(PACKAGE, "B602", TODAY.minusDays(1));

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.blockingFindings()).containsExactly(high);
      assertThat(verdict.waivedFindings()).isEmpty();
      assertThat(verdict.expiredWaivers()).containsExactly(waiver);
    }

    @Test
    void shouldListExpiredWaiverOnceWhenItWouldHaveCoveredSeveralFindings() {
      // Given
      Finding first = finding("B602", Severity.HIGH);
      Finding second = finding("B602", Severity.MEDIUM);
      Waiver waiver = waiver(PACKAGE, "B602", TODAY.minusDays(1));

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, List.of(first, second), TODAY);

      // Then
      assertThat(verdict.blockingFindings()).containsExactly(first, second);
      assertThat(verdict.expiredWaivers()).containsExactly(waiver);
    }

    @Test
    void shouldNotReportExpiredWaiverWhenItCoversNoFindingHere() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver unrelated = waiver(PACKAGE, "B105", TODAY.minusDays(1));

      // When
      ScanVerdict verdict = policyWith(unrelated).evaluate(PACKAGE, List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.expiredWaivers()).isEmpty();
    }

    @Test
    void shouldWaiveFindingWhenActiveAndExpiredWaiversBothCoverIt() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver expired = waiver(PACKAGE, "B602", TODAY.minusDays(10));
      Waiver renewed = waiver(PACKAGE, "B602", TODAY.plusDays(10));

      // When
      ScanVerdict verdict = policyWith(expired, renewed).evaluate(PACKAGE, List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.waivedFindings()).containsExactly(high);
    }

    @Test
    void shouldMatchWaiverByNormalisedPackageNameWhenSpellingsDiffer() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver waiver = waiver("Foo_Bar.baz", "B602", TODAY.plusDays(1));

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate("foo-bar-BAZ", List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.waivedFindings()).containsExactly(high);
    }

    @Test
    void shouldWaiveRuleForEveryPackageWhenWaiverPackageIsStar() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver waiver = waiver(Waiver.ANY_PACKAGE, "B602", TODAY.plusDays(1));

      // When
      ScanVerdict forRequests = policyWith(waiver).evaluate("requests", List.of(high), TODAY);
      ScanVerdict forLodash = policyWith(waiver).evaluate("lodash", List.of(high), TODAY);

      // Then
      assertThat(Waiver.ANY_PACKAGE).isEqualTo("*");
      assertThat(forRequests.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(forLodash.outcome()).isEqualTo(Outcome.APPROVED);
    }

    @Test
    void shouldRefuseWhenWaiverIsForAnotherRule() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver waiver = waiver(PACKAGE, "B603", TODAY.plusDays(1));

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.blockingFindings()).containsExactly(high);
      assertThat(verdict.waivedFindings()).isEmpty();
    }

    @Test
    void shouldRefuseWhenWaiverIsForAnotherPackage() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Waiver waiver = waiver("requests-toolbelt", "B602", TODAY.plusDays(1));

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, List.of(high), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.blockingFindings()).containsExactly(high);
      assertThat(verdict.waivedFindings()).isEmpty();
    }

    @Test
    void shouldBlockOnlyUnwaivedFindingsWhenSomeAreWaived() {
      // Given
      Finding waivedHigh = finding("B602", Severity.HIGH);
      Finding blockedCritical = finding("B105", Severity.CRITICAL);
      Finding belowThreshold = finding("B101", Severity.LOW);
      Waiver waiver = waiver(PACKAGE, "B602", TODAY.plusDays(1));
      List<Finding> findings = List.of(waivedHigh, belowThreshold, blockedCritical);

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, findings, TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(verdict.blockingFindings()).containsExactly(blockedCritical);
      assertThat(verdict.waivedFindings()).containsExactly(waivedHigh);
      assertThat(verdict.findings()).containsExactly(waivedHigh, belowThreshold, blockedCritical);
    }

    @Test
    void shouldNotListFindingAsWaivedWhenItIsBelowThresholdAnyway() {
      // Given
      Finding low = finding("B101", Severity.LOW);
      Waiver waiver = waiver(PACKAGE, "B101", TODAY.plusDays(1));

      // When
      ScanVerdict verdict = policyWith(waiver).evaluate(PACKAGE, List.of(low), TODAY);

      // Then
      assertThat(verdict.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(verdict.waivedFindings()).isEmpty();
    }
  }

  @Nested
  @DisplayName("expiredWaivers(today)")
  class ExpiredWaivers {

    @Test
    void shouldListOnlyWaiversPastTheirExpiryWhenAskedForADay() {
      // Given
      Waiver expiredLongAgo = waiver("a", "R1", TODAY.minusYears(1));
      Waiver expiredYesterday = waiver("b", "R2", TODAY.minusDays(1));
      Waiver expiresToday = waiver("c", "R3", TODAY);
      Waiver expiresLater = waiver("d", "R4", TODAY.plusDays(1));
      SeverityPolicy policy = policyWith(expiredLongAgo, expiresToday, expiredYesterday, expiresLater);

      // When
      List<Waiver> expired = policy.expiredWaivers(TODAY);

      // Then
      assertThat(expired).containsExactly(expiredLongAgo, expiredYesterday);
    }

    @Test
    void shouldListNothingWhenPolicyHasNoWaivers() {
      // Given
      SeverityPolicy policy = SeverityPolicy.defaultPolicy();

      // When
      List<Waiver> expired = policy.expiredWaivers(TODAY);

      // Then
      assertThat(expired).isEmpty();
    }
  }
}

package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Waiver")
class WaiverTest {

  private static final LocalDate EXPIRES = LocalDate.of(2026, 6, 30);

  private static Waiver waiver(String packageName, String ruleId) {
    return Waiver.builder()
        .packageName(packageName)
        .ruleId(ruleId)
        .justification("only used in tests; SEC-7")
        .expires(EXPIRES)
        .build();
  }

  private static Finding finding(String ruleId) {
    return Finding.builder()
        .ruleId(ruleId)
        .title(ruleId)
        .severity(Severity.HIGH)
        .scanner("builtin")
        .build();
  }

  @Nested
  @DisplayName("isActiveOn")
  class IsActiveOn {

    @Test
    void shouldBeActiveWhenTodayIsBeforeExpiry() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.isActiveOn(EXPIRES.minusDays(1))).isTrue();
    }

    @Test
    void shouldBeActiveWhenTodayIsTheExpiryDay() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.isActiveOn(EXPIRES)).isTrue();
    }

    @Test
    void shouldBeInactiveWhenTodayIsAfterExpiry() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.isActiveOn(EXPIRES.plusDays(1))).isFalse();
    }
  }

  @Nested
  @DisplayName("covers")
  class Covers {

    @Test
    void shouldCoverFindingWhenPackageAndRuleMatch() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.covers("requests", finding("B602"))).isTrue();
    }

    @Test
    void shouldCoverFindingWhenPackageNamesMatchOnceNormalised() {
      // Given
      Waiver waiver = waiver("Foo_Bar.baz", "B602");

      // When / Then
      assertThat(waiver.covers("foo-bar-baz", finding("B602"))).isTrue();
      assertThat(waiver.covers("FOO.BAR_BAZ", finding("B602"))).isTrue();
    }

    @Test
    void shouldCoverEveryPackageWhenWaiverPackageIsStar() {
      // Given
      Waiver waiver = waiver(Waiver.ANY_PACKAGE, "B602");

      // When / Then
      assertThat(waiver.covers("requests", finding("B602"))).isTrue();
      assertThat(waiver.covers("lodash", finding("B602"))).isTrue();
      assertThat(waiver.covers("lodash", finding("B603"))).isFalse();
    }

    @Test
    void shouldNotCoverFindingWhenRuleDiffers() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.covers("requests", finding("B603"))).isFalse();
    }

    @Test
    void shouldNotCoverFindingWhenRuleDiffersOnlyInCase() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.covers("requests", finding("b602"))).isFalse();
    }

    @Test
    void shouldNotCoverFindingWhenPackageDiffers() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.covers("requests-toolbelt", finding("B602"))).isFalse();
    }

    @Test
    void shouldCoverFindingRegardlessOfExpiryWhenPackageAndRuleMatch() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver.isActiveOn(EXPIRES.plusYears(1))).isFalse();
      assertThat(waiver.covers("requests", finding("B602"))).isTrue();
    }
  }

  @Nested
  @DisplayName("validation")
  class Validation {

    @Test
    void shouldRejectWaiverWhenJustificationIsBlank() {
      // Given
      var builder = Waiver.builder().packageName("requests").ruleId("B602").justification(" ").expires(EXPIRES);

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(builder::build)
          .withMessageContaining("justification is required");
    }

    @Test
    void shouldRejectWaiverWhenPackageNameIsBlank() {
      // Given
      var builder = Waiver.builder().packageName("").ruleId("B602").justification("ok").expires(EXPIRES);

      // When / Then
      assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("packageName");
    }

    @Test
    void shouldRejectWaiverWhenRuleIdIsBlank() {
      // Given
      var builder = Waiver.builder().packageName("requests").ruleId("").justification("ok").expires(EXPIRES);

      // When / Then
      assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("ruleId");
    }

    @Test
    void shouldDescribePackageRuleAndExpiryWhenPrinted() {
      // Given
      Waiver waiver = waiver("requests", "B602");

      // When / Then
      assertThat(waiver).hasToString("requests/B602 (until 2026-06-30)");
    }
  }
  @Nested
  @DisplayName("precise waivers")
  class Precise {
    private final Sha256 content = Sha256.hashOf("pkg".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private Finding findingIn(String path) {
      return Finding.builder().ruleId("AIRLOCK-PRIVATE-KEY").title("key").severity(Severity.MEDIUM)
          .scanner("builtin").path(path).build();
    }

    private Waiver.Builder base() {
      return Waiver.builder().packageName("requests").ruleId("AIRLOCK-PRIVATE-KEY").justification("fixture")
          .expires(EXPIRES);
    }

    private PackageFacts facts(String version) {
      return PackageFacts.builder().name("Requests").version(version).sha256(content).build();
    }

    @Test
    void shouldCoverOnlyVersionsInTheRangeWhenOneIsGiven() {
      // Given
      Waiver waiver = base().versions(">=2.0,<2.3").build();

      // When / Then
      assertThat(waiver.covers(facts("2.2.1"), findingIn("a.py"))).isTrue();
      assertThat(waiver.covers(facts("2.3.0"), findingIn("a.py"))).isFalse();
      assertThat(waiver.covers(PackageFacts.of("requests"), findingIn("a.py"))).as("version unknown").isFalse();
    }

    @Test
    void shouldCoverOnlyTheNamedContentWhenADigestIsGiven() {
      // Given
      Waiver waiver = base().sha256(content).build();
      PackageFacts other = PackageFacts.builder().name("requests")
          .sha256(Sha256.hashOf("other".getBytes(java.nio.charset.StandardCharsets.UTF_8))).build();

      // When / Then
      assertThat(waiver.covers(facts("1.0"), findingIn("a.py"))).isTrue();
      assertThat(waiver.covers(other, findingIn("a.py"))).isFalse();
    }

    @Test
    void shouldCoverOnlyFindingsInMatchingFilesWhenAPathGlobIsGiven() {
      // Given
      Waiver waiver = base().path(PathGlob.of("**/tests/**")).build();
      Finding noPath = Finding.builder().ruleId("AIRLOCK-PRIVATE-KEY").title("key").severity(Severity.MEDIUM)
          .scanner("builtin").build();

      // When / Then
      assertThat(waiver.covers(facts("1.0"), findingIn("requests-1.0/tests/keys/server.pem"))).isTrue();
      assertThat(waiver.covers(facts("1.0"), findingIn("tests/server.pem"))).isTrue();
      assertThat(waiver.covers(facts("1.0"), findingIn("requests-1.0/requests/auth.py"))).isFalse();
      assertThat(waiver.covers(facts("1.0"), noPath)).isFalse();
    }

    @Test
    void shouldRefuseToBuildWhenTheVersionRangeIsMalformed() {
      assertThatIllegalArgumentException().isThrownBy(() -> base().versions(">>2").build())
          .withMessageContaining("versions: '>>2': '>2' is not a PEP 440 version");
    }
  }
}

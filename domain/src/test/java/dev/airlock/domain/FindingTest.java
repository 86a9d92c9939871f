package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Finding")
class FindingTest {

  private static Finding.Builder aFinding() {
    Finding.Builder builder = Finding.builder();
    builder.ruleId("B602").title("subprocess with shell=True").severity(Severity.HIGH).scanner("builtin");
    return builder;
  }

  @Nested
  @DisplayName("location()")
  class Location {

    @Test
    void shouldBePathColonLineWhenPathAndLineAreKnown() {
      // Given
      Finding.Builder builder = aFinding();
      builder.path("src/pkg/setup.py").line(42);
      Finding finding = builder.build();

      // When / Then
      assertThat(finding.location()).isEqualTo("src/pkg/setup.py:42");
    }

    @Test
    void shouldBePathWhenLineIsUnknown() {
      // Given
      Finding.Builder builder = aFinding();
      builder.path("src/pkg/setup.py");
      Finding finding = builder.build();

      // When / Then
      assertThat(finding.location()).isEqualTo("src/pkg/setup.py");
    }

    @Test
    void shouldBeDashWhenPathIsUnknown() {
      // Given
      Finding finding = aFinding().build();

      // When / Then
      assertThat(finding.location()).isEqualTo("-");
    }

    @Test
    void shouldBeDashWhenOnlyLineIsKnown() {
      // Given
      Finding.Builder builder = aFinding();
      builder.line(7);
      Finding finding = builder.build();

      // When / Then
      assertThat(finding.location()).isEqualTo("-");
    }
  }

  @Nested
  @DisplayName("validation")
  class Validation {

    @ParameterizedTest(name = "line {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void shouldRejectFindingWhenLineIsBelowOne(int line) {
      // Given
      Finding.Builder builder = aFinding();
      builder.path("setup.py").line(line);

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(builder::build)
          .withMessageContaining("line must be 1 or more");
    }

    @Test
    void shouldAcceptFindingWhenLineIsOne() {
      // Given
      Finding.Builder builder = aFinding();
      builder.path("setup.py").line(1);

      // When
      Finding finding = builder.build();

      // Then
      assertThat(finding.line()).hasValue(1);
    }

    @Test
    void shouldRejectFindingWhenRuleIdIsBlank() {
      // Given
      Finding.Builder builder = aFinding();
      builder.ruleId("  ");

      // When / Then
      assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("ruleId");
    }

    @Test
    void shouldRejectFindingWhenScannerIsBlank() {
      // Given
      Finding.Builder builder = aFinding();
      builder.scanner("");

      // When / Then
      assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("scanner");
    }
  }

  @Nested
  @DisplayName("defaults")
  class Defaults {

    @Test
    void shouldHaveEmptyDescriptionAndRecommendationWhenNoneAreGiven() {
      // Given / When
      Finding finding = aFinding().build();

      // Then
      assertThat(finding.description()).isEmpty();
      assertThat(finding.recommendation()).isEmpty();
      assertThat(finding.path()).isEmpty();
      assertThat(finding.line()).isEmpty();
    }
  }
}

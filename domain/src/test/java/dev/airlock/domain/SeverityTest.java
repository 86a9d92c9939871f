package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Severity")
class SeverityTest {

  @Nested
  @DisplayName("ordering")
  class Ordering {

    @Test
    void shouldOrderFromInfoToCriticalWhenSorted() {
      // Given / When
      Severity[] values = Severity.values();

      // Then
      assertThat(values).containsExactly(
          Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL);
      assertThat(Severity.INFO).isLessThan(Severity.LOW);
      assertThat(Severity.LOW).isLessThan(Severity.MEDIUM);
      assertThat(Severity.MEDIUM).isLessThan(Severity.HIGH);
      assertThat(Severity.HIGH).isLessThan(Severity.CRITICAL);
    }
  }

  @Nested
  @DisplayName("isAtLeast")
  class IsAtLeast {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Severity.class)
    void shouldBeTrueWhenComparedWithItself(Severity severity) {
      // Given / When / Then
      assertThat(severity.isAtLeast(severity)).isTrue();
    }

    @Test
    void shouldBeTrueWhenSeverityIsWorseAndFalseWhenItIsMilder() {
      // Given
      Severity threshold = Severity.MEDIUM;

      // When / Then
      assertThat(Severity.CRITICAL.isAtLeast(threshold)).isTrue();
      assertThat(Severity.HIGH.isAtLeast(threshold)).isTrue();
      assertThat(Severity.LOW.isAtLeast(threshold)).isFalse();
      assertThat(Severity.INFO.isAtLeast(threshold)).isFalse();
    }

    @Test
    void shouldHoldForEveryPairWhenComparedByOrdinal() {
      // Given / When / Then
      for (Severity a : Severity.values()) {
        for (Severity b : Severity.values()) {
          assertThat(a.isAtLeast(b)).as("%s.isAtLeast(%s)", a, b).isEqualTo(a.ordinal() >= b.ordinal());
        }
      }
    }
  }

  @Nested
  @DisplayName("parse")
  class Parse {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "info|INFO",
        "Low|LOW",
        "MEDIUM|MEDIUM",
        "High|HIGH",
        "critical|CRITICAL",
        "cRiTiCaL|CRITICAL",
        "'  high  '|HIGH"
    })
    void shouldReadSeverityWhenNameIsInAnyLetterCase(String text, Severity expected) {
      // Given / When
      Severity parsed = Severity.parse(text);

      // Then
      assertThat(parsed).isEqualTo(expected);
    }

    @Test
    void shouldNameAcceptedValuesWhenTextIsUnknown() {
      // Given
      String text = "urgent";

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Severity.parse(text))
          .withMessageContaining("'urgent'")
          .withMessageContaining("INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   "})
    void shouldNameAcceptedValuesWhenTextIsEmpty(String text) {
      // Given / When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Severity.parse(text))
          .withMessageContaining("empty")
          .withMessageContaining("INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }

    @Test
    void shouldNameAcceptedValuesWhenTextIsNull() {
      // Given / When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Severity.parse(null))
          .withMessageContaining("INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }

    @Test
    void shouldRejectScannerSpecificNameWhenItIsNotOnTheScale() {
      // Given: SARIF levels map onto the scale in the adapter, not here
      String text = "warning";

      // When / Then
      assertThatIllegalArgumentException().isThrownBy(() -> Severity.parse(text));
    }
  }
}

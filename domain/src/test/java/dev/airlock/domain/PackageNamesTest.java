package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PackageNames")
class PackageNamesTest {

  @Nested
  @DisplayName("normalise")
  class Normalise {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Foo_Bar.baz, foo-bar-baz",
        "requests, requests",
        "Django, django",
        "zope.interface, zope-interface",
        "a__b, a-b",
        "a-_.-b, a-b",
        "Pillow-SIMD, pillow-simd",
        "py3, py3"
    })
    void shouldLowerCaseAndCollapseSeparatorsWhenNameIsNormalised(String name, String expected) {
      // Given / When
      String normalised = PackageNames.normalise(name);

      // Then
      assertThat(normalised).isEqualTo(expected);
    }

    @Test
    void shouldGiveSameNormalFormWhenSpellingsDifferOnlyInCaseAndSeparators() {
      // Given
      String one = "Foo_Bar.baz";
      String other = "foo-BAR_baz";

      // When / Then
      assertThat(PackageNames.normalise(one)).isEqualTo(PackageNames.normalise(other));
    }
  }

  @Nested
  @DisplayName("problem")
  class Problem {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a", "requests", "Foo_Bar.baz", "numpy2", "0x", "a-b.c_d"})
    void shouldFindNoProblemWhenNameIsValid(String name) {
      // Given / When / Then
      assertThat(PackageNames.problem(name)).isEmpty();
    }

    @Test
    void shouldAcceptNameWhenItIsExactlyTheMaximumLength() {
      // Given
      String name = "a".repeat(PackageNames.MAX_LENGTH);

      // When / Then
      assertThat(PackageNames.MAX_LENGTH).isEqualTo(100);
      assertThat(PackageNames.problem(name)).isEmpty();
    }

    @Test
    void shouldReportProblemWhenNameIsLongerThanTheMaximum() {
      // Given
      String name = "a".repeat(PackageNames.MAX_LENGTH + 1);

      // When / Then
      assertThat(PackageNames.problem(name)).hasValueSatisfying(
          problem -> assertThat(problem).contains("longer than 100"));
    }

    @Test
    void shouldReportProblemWhenNameIsEmpty() {
      // Given / When / Then
      assertThat(PackageNames.problem("")).contains("package name is empty");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-requests", "requests-", ".hidden", "_x", "re quests", "../etc", "a/b",
        "@scope", "pkg;rm", "x$y"})
    void shouldReportProblemWhenNameHasBadCharactersOrEdges(String name) {
      // Given / When / Then
      assertThat(PackageNames.problem(name)).hasValueSatisfying(problem -> assertThat(problem)
          .contains("may only hold letters, digits, '.', '_' and '-'")
          .contains("start and end with a letter or digit"));
    }
  }
}

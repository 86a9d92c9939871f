package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PythonVersions")
class PythonVersionsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "1.0.0, 1.0.0",
      "v1.0, 1.0",
      "01.002, 1.2",
      "1.0.0-Beta_2, 1.0.0b2",
      "1.0alpha, 1.0a0",
      "1.0c1, 1.0rc1",
      "1.0-preview.3, 1.0rc3",
      "1.0-1, 1.0.post1",
      "1.0.rev, 1.0.post0",
      "1.0-dev_4, 1.0.dev4",
      "0!2.1, 2.1",
      "1!2.1, 1!2.1",
      "2.2.3+Ubuntu-1_a, 2.2.3+ubuntu.1.a",
      "' 3.0 ', 3.0"
  })
  void shouldGiveTheNormalFormWhenTheVersionIsPep440(String version, String normal) {
    // Given / When / Then
    assertThat(PythonVersions.normalise(version)).contains(normal);
    assertThat(PythonVersions.isValid(version)).isTrue();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "latest", "1.0.0.x", "1..0", "20261122-3f2a9c1d04be", "1.0+", "../1.0"})
  void shouldRejectTheVersionWhenItIsNotPep440(String version) {
    // Given / When / Then
    assertThat(PythonVersions.isValid(version)).isFalse();
    assertThat(PythonVersions.normalise(version)).isEmpty();
  }

  @Test
  void shouldCompareVersionsInNormalFormAndOthersAsStringsWhenAskedWhetherTheyAreTheSame() {
    // Given / When / Then
    assertThat(PythonVersions.same("1.0.0b2", "1.0.0-beta.2")).isTrue();
    assertThat(PythonVersions.same("1.0", "1.0.0")).isFalse();
    assertThat(PythonVersions.same("weird", "weird")).isTrue();
    assertThat(PythonVersions.same("weird", "1.0")).isFalse();
  }
}

package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PythonFileNames")
class PythonFileNamesTest {

  @Test
  void shouldReadEveryPartWhenTheWheelNameHasABuildTag() {
    // Given / When
    Optional<PythonFileNames.WheelName> wheel =
        PythonFileNames.parseWheel("numpy-2.1.0-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");

    // Then
    assertThat(wheel).contains(new PythonFileNames.WheelName("numpy", "2.1.0", Optional.of("1"), "cp312", "cp312",
        "manylinux_2_17_x86_64.manylinux2014_x86_64"));
  }

  @Test
  void shouldReadTheTagsWhenTheWheelNameHasNoBuildTag() {
    // Given / When / Then
    assertThat(PythonFileNames.parseWheel("tidy_stats-1.0.0-py2.py3-none-any.whl"))
        .contains(new PythonFileNames.WheelName("tidy_stats", "1.0.0", Optional.empty(), "py2.py3", "none", "any"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tidy_stats-1.0.0.tar.gz", "tidy_stats-1.0.0-py3-none.whl", "a-1-x-py3-none-any.whl",
      "a-1-2-3-4-5-6.whl", "a--py3-none-any.whl", "download"})
  void shouldFindNoWheelWhenTheNameBreaksTheRules(String fileName) {
    // Given / When / Then
    assertThat(PythonFileNames.parseWheel(fileName)).isEmpty();
  }

  @ParameterizedTest(name = "{0} names {1} {2}: {3}")
  @CsvSource({
      "tidy_stats-1.0.0-py3-none-any.whl, Tidy.Stats, 1.0.0, true",
      "tidy_stats-1.0.0b2-py3-none-any.whl, tidy-stats, 1.0.0-beta2, true",
      "tidy_stats-1.0.0-py3-none-any.whl, tidy-stats, 1.0.1, false",
      "other-1.0.0-py3-none-any.whl, tidy-stats, 1.0.0, false"
  })
  void shouldCompareNamesAndVersionsInNormalFormWhenCheckingAWheelName(String fileName, String project,
      String version, boolean expected) {
    // Given
    PythonFileNames.WheelName wheel = PythonFileNames.parseWheel(fileName).orElseThrow();

    // When / Then
    assertThat(PythonFileNames.wheelNames(wheel, project, version)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} names {1} {2}: {3}")
  @CsvSource({
      "tidy-stats-1.0.0.tar.gz, tidy-stats, 1.0.0, true",
      "tidy_stats-1.0.0.tar.gz, Tidy.Stats, 1.0.0, true",
      "Tidy-Stats-1.0.0-rc1.tar.gz, tidy-stats, 1.0.0rc1, true",
      "tidy-stats-1.0.0.tar.gz, tidy, 1.0.0, false",
      "tidy-stats-1.0.0.tar.gz, tidy-stats, 1.0.1, false",
      "v1.0.0.tar.gz, tidy-stats, 1.0.0, false",
      "tidy-stats-1.0.0.zip, tidy-stats, 1.0.0, false"
  })
  void shouldAcceptTheSdistNameOnlyWhenItIsNameDashVersion(String fileName, String project, String version,
      boolean expected) {
    // Given / When / Then
    assertThat(PythonFileNames.sdistNames(fileName, ".tar.gz", project, version)).isEqualTo(expected);
  }

  @Test
  void shouldWriteTheWheelNameBackFromItsPartsWithALocalVersion() {
    // Given
    String name = "torch-2.5.1+cpu-cp311-cp311-manylinux_2_28_x86_64.whl";

    // When
    String written = PythonFileNames.wheel(PythonFileNames.parseWheel(name).orElseThrow());

    // Then
    assertThat(written).isEqualTo(name);
    assertThat(PythonFileNames.wheel(new PythonFileNames.WheelName("a", "1.0", Optional.of("2"), "py3", "none",
        "any"))).isEqualTo("a-1.0-2-py3-none-any.whl");
  }

  @Test
  void shouldEscapeTheProjectNameWhenNamingAnSdistPep625Style() {
    // Given / When / Then
    assertThat(PythonFileNames.sdist("Tidy.Stats", "1.0.0", ".tar.gz")).isEqualTo("tidy_stats-1.0.0.tar.gz");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"requests, true", "Tidy_Stats.x, true", "a, true", "-a, false", "a-, false", "a b, false",
      "@scope/x, false"})
  void shouldAcceptOnlyPep508NamesWhenCheckingAProjectName(String name, boolean valid) {
    // Given / When / Then
    assertThat(PythonFileNames.isValidProjectName(name)).isEqualTo(valid);
  }
}

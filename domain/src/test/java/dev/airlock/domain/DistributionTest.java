package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Distribution")
class DistributionTest {
  private static final CoreMetadata METADATA =
      CoreMetadata.parse("Metadata-Version: 2.1\nName: Tidy_Stats\nVersion: 1.0.0\n", "PKG-INFO");

  @Test
  void shouldIdentifyAPythonPackageByItsPep503NameWhenItIsAWheel() {
    // Given / When
    Distribution wheel = Distribution.builder().kind(Distribution.Kind.PYTHON_WHEEL).name("Tidy_Stats")
        .version("1.0.0").fileName("tidy_stats-1.0.0-py3-none-any.whl").coreMetadata(METADATA).build();

    // Then
    assertThat(wheel.normalisedName()).isEqualTo("tidy-stats");
    assertThat(wheel.pythonTag()).contains("py3");
    assertThat(wheel.hasName("tidy.stats")).isTrue();
    assertThat(wheel.hasName("tidy")).isFalse();
  }

  @Test
  void shouldKeepTheExactNameWhenItIsAnNpmTarball() {
    // Given / When
    Distribution npm = Distribution.builder().kind(Distribution.Kind.NPM_TARBALL).name("@acme/lodash.merge")
        .version("4.6.2").fileName("lodash.merge-4.6.2.tgz").npmManifest("{}").build();

    // Then
    assertThat(npm.normalisedName()).isEqualTo("@acme/lodash.merge");
    assertThat(npm.hasName("lodash.merge")).isFalse();
    assertThat(npm.pythonTag()).isEmpty();
  }

  @Test
  void shouldRefuseAWheelWhenItsFileNameNamesAnotherVersion() {
    // Given
    var builder = Distribution.builder().kind(Distribution.Kind.PYTHON_WHEEL).name("Tidy_Stats").version("1.0.0")
        .fileName("tidy_stats-2.0.0-py3-none-any.whl").coreMetadata(METADATA);

    // When / Then
    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wheel file name tidy_stats-2.0.0-py3-none-any.whl does not name Tidy_Stats 1.0.0");
  }

  @Test
  void shouldRefuseAPythonDistributionWhenTheVersionIsNotPep440() {
    // Given
    var builder = Distribution.builder().kind(Distribution.Kind.PYTHON_SDIST).name("x").version("latest")
        .fileName("x-latest.tar.gz").coreMetadata(METADATA);

    // When / Then
    assertThatThrownBy(builder::build).hasMessage("'latest' is not a PEP 440 version");
  }

  @Test
  void shouldRefuseAnNpmTarballWhenTheNameIsNotARegistryName() {
    // Given
    var builder = Distribution.builder().kind(Distribution.Kind.NPM_TARBALL).name("../evil").version("1.0.0")
        .fileName("evil-1.0.0.tgz").npmManifest("{}");

    // When / Then
    assertThatThrownBy(builder::build).hasMessage("'../evil' is not a valid npm package name");
  }

  @Test
  void shouldRefuseAFileNameWhenItCouldLeaveItsFolder() {
    // Given
    var builder = Distribution.builder().kind(Distribution.Kind.GENERIC).name("x").version("1.0")
        .fileName("../x-1.0.tar.gz");

    // When / Then
    assertThatThrownBy(builder::build).hasMessage("'../x-1.0.tar.gz' is not a safe file name");
  }

  @Test
  void shouldAcceptAFetchedFileNameWhenItStartsWithAnUnderscore() {
    // Given / When / Then: the fetcher keeps such names (it strips only leading dots)
    assertThat(Distribution.generic("x", "1.0", "_x-1.0.tar.gz").fileName()).isEqualTo("_x-1.0.tar.gz");
    assertThatThrownBy(() -> Distribution.generic("x", "1.0", ".hidden.tar.gz"))
        .hasMessage("'.hidden.tar.gz' is not a safe file name");
  }

  @Test
  void shouldUseTheRequestedNameWhenTheArchiveIsGeneric() {
    // Given / When
    Distribution generic = Distribution.generic("Tidy_Stats", "20261122-3f2a9c1d04be", "master.zip");

    // Then
    assertThat(generic.kind()).isEqualTo(Distribution.Kind.GENERIC);
    assertThat(generic.normalisedName()).isEqualTo("tidy-stats");
    assertThat(generic.coreMetadata()).isEmpty();
  }
}

package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PackageVersions")
class PackageVersionsTest {

  private static final Sha256 SHA =
      Sha256.of("3f2a9c1d04be7d0e5a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef");
  private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

  @Nested
  @DisplayName("version from the URL's file name")
  class FromFileName {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://files.pythonhosted.org/packages/source/r/requests/requests-2.31.0.tar.gz, 2.31.0",
        "https://files.pythonhosted.org/packages/xx/numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl, 2.1.0",
        "https://github.com/o/r/archive/refs/tags/v1.4.2.tar.gz, 1.4.2",
        "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz, 4.17.21",
        "https://example.com/pkg-1.0.0rc1.tar.gz, 1.0.0rc1",
        "https://example.com/pkg-2.0b3.zip, 2.0b3",
        "https://example.com/pkg-1.0.0.dev0.tar.gz, 1.0.0.dev0",
        "https://example.com/web3-6.0.0.tar.gz, 6.0.0",
        "https://example.com/my_pkg-0.9.tar.bz2, 0.9",
        "https://registry.npmjs.org/@scope/pkg/-/pkg-1.2.3.tgz, 1.2.3",
        "https://example.com/THING-3.1.TAR.GZ, 3.1",
        "file:packages/thing-1.0.tar.gz, 1.0"
    })
    void shouldUseVersionFromFileNameWhenFileNameCarriesOne(String url, String expected) {
      // Given
      URI uri = URI.create(url);

      // When
      String version = PackageVersions.derive(uri, SHA, DAY);

      // Then
      assertThat(version).isEqualTo(expected);
      assertThat(PackageVersions.fromUrl(uri)).contains(expected);
    }
  }

  @Nested
  @DisplayName("fallback: date and digest")
  class Fallback {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "https://codeload.github.com/o/r/tar.gz/main",
        "file:packages/thing.tar.gz",
        "https://github.com/o/r/archive/refs/heads/main.tar.gz",
        "https://example.com/download?file=pkg-1.0.tar.gz",
        "https://example.com/",
        "https://example.com"
    })
    void shouldUseDateAndShortDigestWhenFileNameCarriesNoVersion(String url) {
      // Given
      URI uri = URI.create(url);

      // When
      String version = PackageVersions.derive(uri, SHA, DAY);

      // Then
      assertThat(PackageVersions.fromUrl(uri)).isEmpty();
      assertThat(version).isEqualTo("20261122-3f2a9c1d04be");
    }

    @Test
    void shouldZeroPadMonthAndDayWhenDateHasSingleDigits() {
      // Given
      URI uri = URI.create("https://codeload.github.com/o/r/tar.gz/main");

      // When
      String version = PackageVersions.derive(uri, SHA, LocalDate.of(2027, 1, 5));

      // Then
      assertThat(version).isEqualTo("20270105-3f2a9c1d04be");
    }
  }
}

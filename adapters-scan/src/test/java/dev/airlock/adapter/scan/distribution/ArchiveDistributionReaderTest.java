package dev.airlock.adapter.scan.distribution;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.Distribution;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an archive is, read from its own metadata through the archive reader. */
class ArchiveDistributionReaderTest {
  private static final String PKG_INFO = """
      Metadata-Version: 2.1
      Name: Tidy_Stats
      Version: 1.0.0
      Requires-Python: >=3.9

      # tidy-stats
      """;

  @TempDir
  Path temp;

  private Distribution read(Path archive) throws Exception {
    return read(archive, new ArchiveLimits(1_000, 10_000_000, 10_000_000));
  }

  private Distribution read(Path archive, ArchiveLimits limits) throws Exception {
    try (InMemoryFetchedArtifact artifact =
        new InMemoryFetchedArtifact(archive.getFileName().toString(), java.nio.file.Files.readAllBytes(archive))) {
      return new ArchiveDistributionReader(new ArchiveReader(limits))
          .read(artifact, "requested-name", "20300615-abcdefabcdef");
    }
  }

  @Nested
  @DisplayName("Python")
  class Python {

    @Test
    void shouldReadNameAndVersionFromPkgInfoWhenTheArchiveIsAnSdist() throws Exception {
      // Given
      Path sdist = TestArchives.tarGz(temp.resolve("tidy-stats-1.0.0.tar.gz"),
          file("tidy-stats-1.0.0/setup.py", "from setuptools import setup\n"),
          file("tidy-stats-1.0.0/tidy_stats.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: other\nVersion: 9\n"),
          file("tidy-stats-1.0.0/PKG-INFO", PKG_INFO));

      // When
      Distribution distribution = read(sdist);

      // Then
      assertThat(distribution.kind()).isEqualTo(Distribution.Kind.PYTHON_SDIST);
      assertThat(distribution.name()).isEqualTo("Tidy_Stats");
      assertThat(distribution.normalisedName()).isEqualTo("tidy-stats");
      assertThat(distribution.version()).isEqualTo("1.0.0");
      assertThat(distribution.fileName()).isEqualTo("tidy-stats-1.0.0.tar.gz");
      assertThat(distribution.coreMetadata()).hasValueSatisfying(m -> {
        assertThat(m.requiresPython()).contains(">=3.9");
        assertThat(m.body()).contains("# tidy-stats\n");
      });
    }

    @Test
    void shouldNameTheSdistPep625StyleWhenItsFileNameDoesNotSayNameAndVersion() throws Exception {
      // Given: fetched from a URL that says nothing (a release asset called "download")
      Path sdist = TestArchives.tarGz(temp.resolve("download.tar.gz"), file("src/PKG-INFO", PKG_INFO));

      // When
      Distribution distribution = read(sdist);

      // Then
      assertThat(distribution.fileName()).isEqualTo("tidy_stats-1.0.0.tar.gz");
      assertThat(distribution.version()).as("the metadata's, not the fallback").isEqualTo("1.0.0");
    }

    @Test
    void shouldReadTheDistInfoMetadataWhenTheArchiveIsAWheel() throws Exception {
      // Given
      Path wheel = TestArchives.zip(temp.resolve("tidy_stats-1.0.0-py3-none-any.whl"),
          file("tidy_stats/__init__.py", "\n"),
          file("tidy_stats-1.0.0.dist-info/METADATA", PKG_INFO),
          file("tidy_stats-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n"));

      // When
      Distribution distribution = read(wheel);

      // Then
      assertThat(distribution.kind()).isEqualTo(Distribution.Kind.PYTHON_WHEEL);
      assertThat(distribution.name()).isEqualTo("Tidy_Stats");
      assertThat(distribution.version()).isEqualTo("1.0.0");
      assertThat(distribution.fileName()).isEqualTo("tidy_stats-1.0.0-py3-none-any.whl");
      assertThat(distribution.pythonTag()).contains("py3");
    }

    @Test
    void shouldPublishTheWheelUnderItsOwnNameWhenTheFetcherWroteTheLocalVersionsPlusAsUnderscore()
        throws Exception {
      // Given: torch-2.5.1+cpu-...whl, saved by the fetcher as torch-2.5.1_cpu-...whl
      Path wheel = TestArchives.zip(temp.resolve("torch-2.5.1_cpu-cp311-cp311-manylinux_2_28_x86_64.whl"),
          file("torch-2.5.1+cpu.dist-info/METADATA", "Metadata-Version: 2.1\nName: torch\nVersion: 2.5.1+cpu\n"));

      // When
      Distribution distribution = read(wheel);

      // Then
      assertThat(distribution.fileName()).isEqualTo("torch-2.5.1+cpu-cp311-cp311-manylinux_2_28_x86_64.whl");
      assertThat(distribution.version()).isEqualTo("2.5.1+cpu");
    }

    @Test
    void shouldFailWhenAWheelsFileNameNamesAnotherVersionThanItsMetadata() throws Exception {
      // Given: pip refuses such a wheel ("has an invalid wheel filename"/"unexpected version")
      Path wheel = TestArchives.zip(temp.resolve("tidy_stats-2.0.0-py3-none-any.whl"),
          file("tidy_stats-1.0.0.dist-info/METADATA", PKG_INFO));

      // When / Then
      assertThatThrownBy(() -> read(wheel)).isInstanceOf(PortException.class)
          .hasMessage("tidy_stats-2.0.0-py3-none-any.whl: wheel file name tidy_stats-2.0.0-py3-none-any.whl"
              + " does not name Tidy_Stats 1.0.0");
    }

    @Test
    void shouldFailWhenAWheelHoldsNoMetadata() throws Exception {
      // Given
      Path wheel = TestArchives.zip(temp.resolve("tidy_stats-1.0.0-py3-none-any.whl"), file("tidy_stats.py", "\n"));

      // When / Then
      assertThatThrownBy(() -> read(wheel)).isInstanceOf(PortException.class)
          .hasMessageContaining("holds no *.dist-info/METADATA");
    }

    @Test
    void shouldFailNamingTheFileWhenPkgInfoLacksAVersion() throws Exception {
      // Given
      Path sdist = TestArchives.tarGz(temp.resolve("x-1.0.tar.gz"),
          file("x-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: x\n"));

      // When / Then
      assertThatThrownBy(() -> read(sdist)).isInstanceOf(PortException.class)
          .hasMessage("x-1.0.tar.gz: x-1.0/PKG-INFO has no Version");
    }

    @Test
    void shouldFailWhenTwoTopFoldersEachClaimToDescribeTheSdist() throws Exception {
      // Given
      Path sdist = TestArchives.tarGz(temp.resolve("x-1.0.tar.gz"),
          file("x-1.0/PKG-INFO", PKG_INFO), file("y-2.0/PKG-INFO", PKG_INFO));

      // When / Then
      assertThatThrownBy(() -> read(sdist)).isInstanceOf(PortException.class)
          .hasMessageContaining("x-1.0/PKG-INFO, y-2.0/PKG-INFO");
    }

    @Test
    void shouldFailWithinTheIntakeLimitsWhenTheMetadataIsTooLargeToRead() throws Exception {
      // Given
      Path sdist = TestArchives.tarGz(temp.resolve("x-1.0.tar.gz"),
          file("x-1.0/PKG-INFO", PKG_INFO + "x".repeat(5_000)));

      // When / Then
      assertThatThrownBy(() -> read(sdist, new ArchiveLimits(10, 1_000, 1_000))).isInstanceOf(PortException.class)
          .hasMessageContaining("intake limit");
    }
  }

  @Nested
  @DisplayName("npm")
  class Npm {

    @Test
    void shouldReadNameAndVersionFromPackageJsonWhenTheArchiveIsAnNpmTarball() throws Exception {
      // Given
      String manifest = "{\"name\":\"@acme/left-pad\",\"version\":\"1.3.0\",\"main\":\"index.js\"}";
      Path tgz = TestArchives.tarGz(temp.resolve("download.tgz"),
          file("package/package.json", manifest), file("package/lib/package.json", "{}"),
          file("package/index.js", "module.exports = 1;\n"));

      // When
      Distribution distribution = read(tgz);

      // Then
      assertThat(distribution.kind()).isEqualTo(Distribution.Kind.NPM_TARBALL);
      assertThat(distribution.name()).isEqualTo("@acme/left-pad");
      assertThat(distribution.normalisedName()).isEqualTo("@acme/left-pad");
      assertThat(distribution.version()).isEqualTo("1.3.0");
      assertThat(distribution.fileName()).isEqualTo("left-pad-1.3.0.tgz");
      assertThat(distribution.npmManifest()).contains(manifest);
    }

    @Test
    void shouldFailNamingTheFieldWhenPackageJsonHasNoVersion() throws Exception {
      // Given
      Path tgz = TestArchives.tarGz(temp.resolve("x.tgz"), file("package/package.json", "{\"name\":\"x\"}"));

      // When / Then
      assertThatThrownBy(() -> read(tgz)).isInstanceOf(PortException.class)
          .hasMessage("x.tgz: package/package.json has no \"version\"");
    }

    @Test
    void shouldFailNamingTheLineWhenPackageJsonIsNotJson() throws Exception {
      // Given
      Path tgz = TestArchives.tarGz(temp.resolve("x.tgz"), file("package/package.json", "{\n\"name\": x\n}"));

      // When / Then
      assertThatThrownBy(() -> read(tgz)).isInstanceOf(PortException.class)
          .hasMessageStartingWith("x.tgz: package/package.json is not valid JSON (line 2)");
    }

    @Test
    void shouldFailWhenTheNameIsNotOneTheRegistryAccepts() throws Exception {
      // Given
      Path tgz = TestArchives.tarGz(temp.resolve("x.tgz"),
          file("package/package.json", "{\"name\":\"../../etc\",\"version\":\"1.0.0\"}"));

      // When / Then
      assertThatThrownBy(() -> read(tgz)).isInstanceOf(PortException.class)
          .hasMessage("x.tgz: '../../etc' is not a valid npm package name");
    }
  }

  @Nested
  @DisplayName("generic")
  class Generic {

    @Test
    void shouldUseTheRequestedNameAndFallbackVersionWhenTheArchiveHoldsNoPackageMetadata() throws Exception {
      // Given: a GitHub source archive, no PKG-INFO
      Path source = TestArchives.tarGz(temp.resolve("v1.4.2.tar.gz"),
          file("project-1.4.2/setup.py", "from setuptools import setup\n"),
          file("project-1.4.2/docs/PKG-INFO", PKG_INFO));

      // When
      Distribution distribution = read(source);

      // Then
      assertThat(distribution).isEqualTo(Distribution.generic("requested-name", "20300615-abcdefabcdef",
          "v1.4.2.tar.gz"));
    }

    @Test
    void shouldIgnoreMetadataInsideNestedArchivesWhenDecidingWhatTheArchiveIs() throws Exception {
      // Given
      byte[] inner = TestArchives.tarGzBytes(file("inner-1.0/PKG-INFO", PKG_INFO));
      Path outer = TestArchives.tarGz(temp.resolve("bundle.tar.gz"), file("vendor/inner-1.0.tar.gz", inner));

      // When
      Distribution distribution = read(outer);

      // Then
      assertThat(distribution.kind()).isEqualTo(Distribution.Kind.GENERIC);
    }
  }
}

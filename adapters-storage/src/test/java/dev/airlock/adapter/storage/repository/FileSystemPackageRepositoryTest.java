package dev.airlock.adapter.storage.repository;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing approved archives into a folder, idempotently and never overwriting a version. */
class FileSystemPackageRepositoryTest {
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);
  private static final PackageRequest REQUEST = PackageRequest.builder()
      .name("Tidy_Stats").url(URI.create("https://files.pythonhosted.org/packages/tidy-stats-1.0.0.tar.gz")).build();
  private static final ScanVerdict APPROVED = SeverityPolicy.defaultPolicy().evaluate("Tidy_Stats", List.of(), TODAY);

  @TempDir
  Path temp;
  private Path root;
  private FileSystemPackageRepository repository;
  private byte[] content;
  private FetchedArtifact artifact;

  @BeforeEach
  void createRepositoryAndArchive() throws IOException {
    root = temp.resolve("repo");
    repository = new FileSystemPackageRepository(root);
    content = TestArchives.tarGzBytes(file("tidy-stats-1.0.0/setup.py", "from setuptools import setup\n"));
    artifact = artifact("incoming", content);
  }

  @Nested
  @DisplayName("publish")
  class Publish {

    @Test
    void shouldWriteAssetPublicationAndIndexWithoutTemporaryFilesWhenPublishing() throws Exception {
      // When
      Publication publication = repository.publish(REQUEST, "1.0.0", artifact, APPROVED);

      // Then
      Path versionDir = root.resolve("tidy-stats").resolve("1.0.0");
      Path asset = versionDir.resolve("tidy-stats-1.0.0.tar.gz");
      assertThat(asset).hasBinaryContent(content);
      assertThat(versionDir.resolve("publication.json")).isRegularFile()
          .content().contains(TestArchives.sha256Hex(content));
      assertThat(root.resolve("tidy-stats/by-sha256/" + TestArchives.sha256Hex(content) + ".json")).isRegularFile();
      assertThat(allFiles(root)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
      assertThat(allFiles(root)).hasSize(3);
      assertThat(publication.repository()).isEqualTo("file");
      assertThat(publication.packageName()).isEqualTo("tidy-stats");
      assertThat(publication.version()).isEqualTo("1.0.0");
      assertThat(publication.assetName()).isEqualTo("tidy-stats-1.0.0.tar.gz");
      assertThat(publication.sha256().hex()).isEqualTo(TestArchives.sha256Hex(content));
      assertThat(publication.location()).isEqualTo(asset.toAbsolutePath().normalize().toString());
      assertThat(publication.installInstructions()).isEqualTo("pip install " + asset.toAbsolutePath().normalize());
    }

    @Test
    void shouldOfferAnNpmInstallCommandWhenTheAssetIsATgz() throws Exception {
      // Given
      FetchedArtifact tgz = artifactNamed("left-pad-1.3.0.tgz", content);

      // When
      Publication publication = repository.publish(REQUEST, "1.3.0", tgz, APPROVED);

      // Then
      assertThat(publication.installInstructions()).startsWith("npm install ").endsWith("left-pad-1.3.0.tgz");
    }

    @Test
    void shouldReturnTheExistingPublicationWhenTheSameContentIsPublishedAgain() throws Exception {
      // Given
      Publication first = repository.publish(REQUEST, "1.0.0", artifact, APPROVED);

      // When
      Publication second = repository.publish(REQUEST, "1.0.0", artifact("again", content), APPROVED);

      // Then
      assertThat(second).isEqualTo(first);
      assertThat(allFiles(root)).hasSize(3).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void shouldRestoreAMissingShaIndexWhenTheSameContentIsPublishedAgain() throws Exception {
      // Given: a run that stopped between writing the publication and its index
      Publication first = repository.publish(REQUEST, "1.0.0", artifact, APPROVED);
      Files.delete(root.resolve("tidy-stats/by-sha256/" + first.sha256().hex() + ".json"));

      // When
      repository.publish(REQUEST, "1.0.0", artifact, APPROVED);

      // Then
      assertThat(repository.findBySha256("tidy-stats", first.sha256())).contains(first);
    }

    @Test
    void shouldRefuseAndKeepTheStoredFileWhenDifferentContentIsPublishedUnderTheSameVersion() throws Exception {
      // Given
      repository.publish(REQUEST, "1.0.0", artifact, APPROVED);
      byte[] other = TestArchives.tarGzBytes(file("tidy-stats-1.0.0/setup.py", "import os; os.system('id')\n"));
      FetchedArtifact tampered = artifact("tampered", other);
      Path asset = root.resolve("tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz");

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, "1.0.0", tampered, APPROVED))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("tidy-stats 1.0.0 is already published with different content")
          .hasMessageContaining(TestArchives.sha256Hex(content).substring(0, 12))
          .hasMessageContaining(TestArchives.sha256Hex(other).substring(0, 12));
      assertThat(asset).hasBinaryContent(content);
      assertThat(repository.findBySha256("tidy-stats", tampered.sha256())).isEmpty();
      assertThat(allFiles(root)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void shouldRefuseToPublishWhenTheVerdictIsRefused() {
      // Given
      Finding high = Finding.builder().ruleId("AIRLOCK-DOWNLOAD-EXEC").title("Downloads and runs code")
          .severity(Severity.HIGH).path("setup.py").line(11).scanner("builtin").build();
      ScanVerdict refused = SeverityPolicy.defaultPolicy().evaluate("Tidy_Stats", List.of(high), TODAY);

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, "1.0.0", artifact, refused))
          .isInstanceOf(PortException.class)
          .hasMessage("refusing to publish Tidy_Stats: its verdict is REFUSED");
      assertThat(root).doesNotExist();
    }

    @Test
    void shouldRefuseToPublishWhenTheVerdictIsError() {
      // Given
      ScanVerdict error = ScanVerdict.error("scanner timed out");

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, "1.0.0", artifact, error))
          .isInstanceOf(PortException.class)
          .hasMessage("refusing to publish Tidy_Stats: its verdict is ERROR");
      assertThat(root).doesNotExist();
    }

    @Test
    void shouldRefuseWhenTheVersionClimbsOutOfThePackageFolder() {
      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, "../../escaped", artifact, APPROVED))
          .isInstanceOf(PortException.class)
          .hasMessage("version '../../escaped' is not a safe folder name");
      assertThat(temp.resolve("escaped")).doesNotExist();
      assertThat(root).doesNotExist();
    }
  }

  @Nested
  @DisplayName("findBySha256")
  class FindBySha256 {

    @Test
    void shouldFindThePublicationWhenTheDigestWasPublished() throws Exception {
      // Given
      Publication published = repository.publish(REQUEST, "1.0.0", artifact, APPROVED);

      // When / Then
      assertThat(repository.findBySha256("tidy-stats", Sha256.of(TestArchives.sha256Hex(content))))
          .contains(published);
    }

    @Test
    void shouldFindNothingWhenTheContentWasNeverPublished() throws Exception {
      // Given
      repository.publish(REQUEST, "1.0.0", artifact, APPROVED);

      // When / Then
      assertThat(repository.findBySha256("tidy-stats", Sha256.of("ab".repeat(32)))).isEmpty();
      assertThat(repository.findBySha256("other-package", artifact.sha256())).isEmpty();
    }

    @Test
    void shouldFailWhenTheIndexFileIsDamaged() throws Exception {
      // Given
      Publication published = repository.publish(REQUEST, "1.0.0", artifact, APPROVED);
      Files.writeString(root.resolve("tidy-stats/by-sha256/" + published.sha256().hex() + ".json"), "{ broken");

      // When / Then
      assertThatThrownBy(() -> repository.findBySha256("tidy-stats", published.sha256()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot be read")
          .hasMessageContaining(published.sha256().hex() + ".json");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The archive as fetched: a local file named like the upstream asset, outside the repository. */
  private FetchedArtifact artifact(String folder, byte[] bytes) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(folder));
    return InMemoryFetchedArtifact.of(Files.write(dir.resolve("tidy-stats-1.0.0.tar.gz"), bytes));
  }

  private FetchedArtifact artifactNamed(String name, byte[] bytes) throws IOException {
    Path dir = Files.createDirectories(temp.resolve("named"));
    return InMemoryFetchedArtifact.of(Files.write(dir.resolve(name), bytes));
  }

  private static List<Path> allFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}

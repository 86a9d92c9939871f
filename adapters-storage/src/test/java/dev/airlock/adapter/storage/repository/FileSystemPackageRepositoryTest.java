package dev.airlock.adapter.storage.repository;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.CoreMetadata;
import dev.airlock.domain.Distribution;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
      Publication publication = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

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
      Publication publication = repository.publish(REQUEST, generic("1.3.0", tgz), tgz, APPROVED);

      // Then
      assertThat(publication.installInstructions()).startsWith("npm install ").endsWith("left-pad-1.3.0.tgz");
    }

    @Test
    void shouldReturnTheExistingPublicationWhenTheSameContentIsPublishedAgain() throws Exception {
      // Given
      Publication first = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

      // When
      FetchedArtifact again = artifact("again", content);
      Publication second = repository.publish(REQUEST, generic("1.0.0", again), again, APPROVED);

      // Then
      assertThat(second).isEqualTo(first);
      assertThat(allFiles(root)).hasSize(3).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void shouldRestoreAMissingShaIndexWhenTheSameContentIsPublishedAgain() throws Exception {
      // Given: a run that stopped between writing the publication and its index
      Publication first = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);
      Files.delete(root.resolve("tidy-stats/by-sha256/" + first.sha256().hex() + ".json"));

      // When
      repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

      // Then
      assertThat(repository.findBySha256(genericNamed("tidy-stats"), first.sha256())).contains(first);
    }

    @Test
    void shouldRefuseAndKeepTheStoredFileWhenDifferentContentIsPublishedUnderTheSameVersion() throws Exception {
      // Given
      repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);
      byte[] other = TestArchives.tarGzBytes(file("tidy-stats-1.0.0/setup.py", "import os; os.system('id')\n"));
      FetchedArtifact tampered = artifact("tampered", other);
      Path asset = root.resolve("tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz");

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, generic("1.0.0", tampered), tampered, APPROVED))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("tidy-stats 1.0.0 is already published with different content")
          .hasMessageContaining(TestArchives.sha256Hex(content).substring(0, 12))
          .hasMessageContaining(TestArchives.sha256Hex(other).substring(0, 12));
      assertThat(asset).hasBinaryContent(content);
      assertThat(repository.findBySha256(genericNamed("tidy-stats"), tampered.sha256())).isEmpty();
      assertThat(allFiles(root)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void shouldRefuseToPublishWhenTheVerdictIsRefused() {
      // Given
      Finding high = Finding.builder().ruleId("AIRLOCK-DOWNLOAD-EXEC").title("Downloads and runs code")
          .severity(Severity.HIGH).path("setup.py").line(11).scanner("builtin").build();
      ScanVerdict refused = SeverityPolicy.defaultPolicy().evaluate("Tidy_Stats", List.of(high), TODAY);

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, generic("1.0.0", artifact), artifact, refused))
          .isInstanceOf(PortException.class)
          .hasMessage("refusing to publish Tidy_Stats: its verdict is REFUSED");
      assertThat(root).doesNotExist();
    }

    @Test
    void shouldRefuseToPublishWhenTheVerdictIsError() {
      // Given
      ScanVerdict error = ScanVerdict.error("scanner timed out");

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, generic("1.0.0", artifact), artifact, error))
          .isInstanceOf(PortException.class)
          .hasMessage("refusing to publish Tidy_Stats: its verdict is ERROR");
      assertThat(root).doesNotExist();
    }

    @Test
    void shouldRefuseWhenTheVersionClimbsOutOfThePackageFolder() {
      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, generic("../../escaped", artifact), artifact, APPROVED))
          .isInstanceOf(PortException.class)
          .hasMessage("version '../../escaped' is not a safe folder name");
      assertThat(temp.resolve("escaped")).doesNotExist();
      assertThat(root).doesNotExist();
    }
  }

  @Nested
  @DisplayName("installable: Python files in a PEP 503 simple index, npm tarballs under their registry name")
  class Installable {
    private static final String PKG_INFO = "Metadata-Version: 2.1\nName: Tidy_Stats\nVersion: 1.0.0\n"
        + "Requires-Python: >=3.9\n";

    private Distribution python(Distribution.Kind kind, String fileName) {
      return Distribution.builder().kind(kind).name("Tidy_Stats").version("1.0.0").fileName(fileName)
          .coreMetadata(CoreMetadata.parse(PKG_INFO, "PKG-INFO")).build();
    }

    @Test
    void shouldListTheSdistWithItsSha256InTheSimpleIndexWhenPublishingIt() throws Exception {
      // Given
      Distribution sdist = python(Distribution.Kind.PYTHON_SDIST, "tidy-stats-1.0.0.tar.gz");

      // When
      Publication publication = repository.publish(REQUEST, sdist, artifact, APPROVED);

      // Then
      Path asset = root.resolve("tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz");
      assertThat(asset).hasBinaryContent(content);
      assertThat(root.resolve("simple/index.html")).content().contains("<a href=\"tidy-stats/\">tidy-stats</a>");
      assertThat(root.resolve("simple/tidy-stats/index.html")).content()
          .contains("<a href=\"../../tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz#sha256=" + artifact.sha256().hex()
              + "\" data-requires-python=\"&gt;=3.9\">tidy-stats-1.0.0.tar.gz</a>");
      assertThat(publication.installInstructions())
          .isEqualTo("pip install --index-url file://" + root.resolve("simple") + " tidy-stats==1.0.0");
      assertThat(repository.simpleIndexUrl()).isEqualTo("file://" + root.resolve("simple"));
      assertThat(publication.location()).isEqualTo(asset.toString());
      assertThat(allFiles(root)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void shouldKeepTheSdistAndAWheelOfOneVersionSideBySideWhenBothArePublished() throws Exception {
      // Given
      repository.publish(REQUEST, python(Distribution.Kind.PYTHON_SDIST, "tidy-stats-1.0.0.tar.gz"), artifact,
          APPROVED);
      byte[] wheelBytes = TestArchives.zipBytes(file("tidy_stats-1.0.0.dist-info/METADATA", PKG_INFO));
      FetchedArtifact wheel = artifactNamed("tidy_stats-1.0.0-py3-none-any.whl", wheelBytes);

      // When
      Publication second = repository.publish(REQUEST,
          python(Distribution.Kind.PYTHON_WHEEL, "tidy_stats-1.0.0-py3-none-any.whl"), wheel, APPROVED);

      // Then
      assertThat(second.assetName()).isEqualTo("tidy_stats-1.0.0-py3-none-any.whl");
      assertThat(root.resolve("simple/tidy-stats/index.html")).content()
          .contains("tidy-stats-1.0.0.tar.gz#sha256=" + artifact.sha256().hex())
          .contains("tidy_stats-1.0.0-py3-none-any.whl#sha256=" + wheel.sha256().hex());
      assertThat(repository.findBySha256(python(Distribution.Kind.PYTHON_WHEEL, "tidy_stats-1.0.0-py3-none-any.whl"),
          wheel.sha256())).contains(second);
    }

    @Test
    void shouldRefuseAndLeaveTheIndexAsItWasWhenAFileNameIsPublishedAgainWithOtherContent() throws Exception {
      // Given
      Distribution sdist = python(Distribution.Kind.PYTHON_SDIST, "tidy-stats-1.0.0.tar.gz");
      repository.publish(REQUEST, sdist, artifact, APPROVED);
      String page = Files.readString(root.resolve("simple/tidy-stats/index.html"));
      FetchedArtifact tampered = artifact("tampered", TestArchives.tarGzBytes(file("x/PKG-INFO", PKG_INFO)));

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, sdist, tampered, APPROVED))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("tidy-stats-1.0.0.tar.gz of tidy-stats 1.0.0 is already published with different"
              + " content");
      assertThat(root.resolve("simple/tidy-stats/index.html")).hasContent(page);
      assertThat(root.resolve("tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz")).hasBinaryContent(content);
    }

    @Test
    void shouldRelistTheFileWhenTheSameSdistIsPublishedAgainAfterTheIndexWasLost() throws Exception {
      // Given: a run that stopped after writing the file, before the index
      Distribution sdist = python(Distribution.Kind.PYTHON_SDIST, "tidy-stats-1.0.0.tar.gz");
      Publication first = repository.publish(REQUEST, sdist, artifact, APPROVED);
      Files.delete(root.resolve("simple/tidy-stats/files.json"));
      Files.delete(root.resolve("simple/tidy-stats/index.html"));

      // When
      Publication again = repository.publish(REQUEST, sdist, artifact("again", content), APPROVED);

      // Then
      assertThat(again).isEqualTo(first);
      assertThat(root.resolve("simple/tidy-stats/index.html")).content().contains("tidy-stats-1.0.0.tar.gz#sha256=");
    }

    @Test
    void shouldNeverListAGenericArchiveInTheSimpleIndex() throws Exception {
      // When
      repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

      // Then
      assertThat(root.resolve("simple")).doesNotExist();
    }

    @Test
    void shouldKeepAnNpmTarballUnderItsRegistryFileNameAndSayHowToInstallItWhenPublishing() throws Exception {
      // Given
      Distribution npm = Distribution.builder().kind(Distribution.Kind.NPM_TARBALL).name("@acme/left-pad")
          .version("1.3.0").fileName("left-pad-1.3.0.tgz").npmManifest("{}").build();
      FetchedArtifact tgz = artifactNamed("download.tgz", content);

      // When
      Publication publication = repository.publish(REQUEST, npm, tgz, APPROVED);

      // Then
      Path asset = root.resolve("@acme/left-pad/1.3.0/left-pad-1.3.0.tgz");
      assertThat(asset).hasBinaryContent(content);
      assertThat(publication.packageName()).isEqualTo("@acme/left-pad");
      assertThat(publication.installInstructions()).isEqualTo("npm install " + asset);
      assertThat(root.resolve("simple")).doesNotExist();
    }

    @Test
    void shouldRefuseAPythonPackageNamedLikeTheIndexFolder() throws Exception {
      // Given
      Distribution simple = Distribution.builder().kind(Distribution.Kind.PYTHON_SDIST).name("simple")
          .version("1.0").fileName("simple-1.0.tar.gz")
          .coreMetadata(CoreMetadata.parse("Metadata-Version: 2.1\nName: simple\nVersion: 1.0\n", "PKG-INFO"))
          .build();

      // When / Then
      assertThatThrownBy(() -> repository.publish(REQUEST, simple, artifact, APPROVED))
          .isInstanceOf(PortException.class).hasMessageContaining("its pip index lives in");
      assertThat(root).doesNotExist();
    }

    @Test
    void shouldListEveryProjectWhenTwoRunsPublishIntoOneDataDirectoryAtOnce() throws Exception {
      // Given: two repositories on one folder (two runs), each publishing 8 projects from its own threads
      FileSystemPackageRepository other = new FileSystemPackageRepository(root);
      List<Callable<Publication>> work = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String name = "project-" + i;
        Distribution d = Distribution.builder().kind(Distribution.Kind.PYTHON_SDIST).name(name).version("1.0")
            .fileName(name + "-1.0.tar.gz").coreMetadata(CoreMetadata.parse("Metadata-Version: 2.1\nName: " + name
                + "\nVersion: 1.0\n", "PKG-INFO")).build();
        FetchedArtifact a = artifactNamed(name + "-1.0.tar.gz",
            TestArchives.tarGzBytes(file(name + "/PKG-INFO", name)));
        FileSystemPackageRepository run = i % 2 == 0 ? repository : other;
        work.add(() -> run.publish(REQUEST, d, a, APPROVED));
      }

      // When
      try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
        for (Future<Publication> f : threads.invokeAll(work)) {
          f.get();
        }
      }

      // Then
      String rootPage = Files.readString(root.resolve("simple/index.html"));
      for (int i = 0; i < 16; i++) {
        assertThat(rootPage).contains("<a href=\"project-" + i + "/\">");
        assertThat(root.resolve("simple/project-" + i + "/index.html")).content()
            .contains("project-" + i + "-1.0.tar.gz#sha256=");
      }
      assertThat(allFiles(root)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }
  }

  @Nested
  @DisplayName("findBySha256")
  class FindBySha256 {

    @Test
    void shouldFindThePublicationWhenTheDigestWasPublished() throws Exception {
      // Given
      Publication published = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

      // When / Then
      assertThat(repository.findBySha256(genericNamed("tidy-stats"), Sha256.of(TestArchives.sha256Hex(content))))
          .contains(published);
    }

    @Test
    void shouldFindNothingWhenTheContentWasNeverPublished() throws Exception {
      // Given
      repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

      // When / Then
      assertThat(repository.findBySha256(genericNamed("tidy-stats"), Sha256.of("ab".repeat(32)))).isEmpty();
      assertThat(repository.findBySha256(genericNamed("other-package"), artifact.sha256())).isEmpty();
    }

    @Test
    void shouldFailWhenTheIndexFileIsDamaged() throws Exception {
      // Given
      Publication published = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);
      Files.writeString(root.resolve("tidy-stats/by-sha256/" + published.sha256().hex() + ".json"), "{ broken");

      // When / Then
      assertThatThrownBy(() -> repository.findBySha256(genericNamed("tidy-stats"), published.sha256()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot be read")
          .hasMessageContaining(published.sha256().hex() + ".json");
    }
  }

  @Nested
  @DisplayName("read back and withdraw")
  class Withdraw {

    @Test
    void shouldReadThePublishedBytesBackWhenFetching() throws Exception {
      // Given
      Publication publication = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

      // When
      try (FetchedArtifact back = repository.fetch(publication)) {
        // Then
        assertThat(back.sha256()).isEqualTo(artifact.sha256());
        assertThat(back.size()).isEqualTo(content.length);
      }
    }

    @Test
    void shouldMoveTheFileToTheQuarantineAndDropItsIndexEntryWhenWithdrawing() throws Exception {
      // Given
      Publication publication = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);

      // When
      boolean first = repository.withdraw(publication, "revoked: CRITICAL MAL-2025-1");
      boolean second = repository.withdraw(publication, "revoked: CRITICAL MAL-2025-1");

      // Then
      assertThat(first).isTrue();
      assertThat(second).isFalse();
      assertThat(root.resolve("tidy-stats/1.0.0")).doesNotExist();
      Path quarantined = temp.resolve("quarantine/tidy-stats/1.0.0");
      assertThat(Files.readAllBytes(quarantined.resolve("tidy-stats-1.0.0.tar.gz"))).isEqualTo(content);
      assertThat(quarantined.resolve("tidy-stats-1.0.0.tar.gz.publication.json")).exists();
      assertThat(quarantined.resolve("tidy-stats-1.0.0.tar.gz.by-sha256.json")).exists();
      assertThat(Files.readString(quarantined.resolve("tidy-stats-1.0.0.tar.gz.withdrawal.json")))
          .contains("MAL-2025-1").contains(artifact.sha256().hex());
      assertThat(repository.findBySha256(genericNamed("Tidy_Stats"), artifact.sha256())).isEmpty();
      assertThatThrownBy(() -> repository.fetch(publication)).isInstanceOf(PortException.class)
          .hasMessageContaining("is withdrawn from the file repository");
    }

    @Test
    void shouldDropAWithdrawnPythonFileFromTheSimpleIndexAndKeepTheOthers() throws Exception {
      // Given: an sdist and a wheel of one version
      FetchedArtifact wheelArtifact = artifactNamed("tidy_stats-1.0.0-py3-none-any.whl", new byte[] {7, 7, 7});
      Publication sdist = repository.publish(REQUEST, python(Distribution.Kind.PYTHON_SDIST, "tidy-stats-1.0.0.tar.gz"),
          artifact, APPROVED);
      Publication wheel = repository.publish(REQUEST, python(Distribution.Kind.PYTHON_WHEEL,
          "tidy_stats-1.0.0-py3-none-any.whl"), wheelArtifact, APPROVED);

      // When
      repository.withdraw(sdist, "revoked: CRITICAL MAL-2025-1");

      // Then: pip no longer finds the sdist, still finds the wheel
      assertThat(root.resolve("simple/tidy-stats/index.html")).content()
          .doesNotContain("tidy-stats-1.0.0.tar.gz").contains("tidy_stats-1.0.0-py3-none-any.whl");
      assertThat(root.resolve("tidy-stats/1.0.0/tidy_stats-1.0.0-py3-none-any.whl")).exists();

      // When the last file goes too
      repository.withdraw(wheel, "revoked: CRITICAL MAL-2025-1");

      // Then the project leaves the index
      assertThat(root.resolve("simple/tidy-stats")).doesNotExist();
      assertThat(root.resolve("simple/index.html")).content().doesNotContain("tidy-stats");
      assertThat(temp.resolve("quarantine/tidy-stats/1.0.0/tidy_stats-1.0.0-py3-none-any.whl")).exists();
    }

    @Test
    void shouldFailWhenThereIsNothingToWithdraw() throws Exception {
      // Given
      Publication publication = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);
      Publication elsewhere = Publication.builder().from(publication).version("9.9.9").build();

      // When / Then
      assertThatThrownBy(() -> repository.withdraw(elsewhere, "why")).isInstanceOf(PortException.class)
          .hasMessageContaining("neither in the file repository nor in its quarantine");
    }

    @Test
    void shouldRefuseAPublicationWhoseNamesLeadOutOfTheRepository() throws Exception {
      // Given
      Publication publication = repository.publish(REQUEST, generic("1.0.0", artifact), artifact, APPROVED);
      Publication escaping = Publication.builder().from(publication).version("../../outside").build();

      // When / Then
      assertThatThrownBy(() -> repository.fetch(escaping)).isInstanceOf(PortException.class)
          .hasMessageContaining("does not name a folder of the repository");
      assertThatThrownBy(() -> repository.withdraw(escaping, "why")).isInstanceOf(PortException.class);
    }

    private Distribution python(Distribution.Kind kind, String fileName) {
      return Distribution.builder().kind(kind).name("Tidy_Stats").version("1.0.0").fileName(fileName)
          .coreMetadata(CoreMetadata.parse("Metadata-Version: 2.1\nName: Tidy_Stats\nVersion: 1.0.0\n", "PKG-INFO"))
          .build();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A generic archive of the request's package at {@code version}, under its fetched file name. */
  private static Distribution generic(String version, FetchedArtifact artifact) {
    return Distribution.generic(REQUEST.name(), version, artifact.fileName());
  }

  /** Where findBySha256 looks for a generic package {@code name}. */
  private static Distribution genericNamed(String name) {
    return Distribution.generic(name, "1.0.0", "x.tar.gz");
  }

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
      return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".lock")).toList();
    }
  }
}

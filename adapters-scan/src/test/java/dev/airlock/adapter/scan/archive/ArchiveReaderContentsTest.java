package dev.airlock.adapter.scan.archive;

import static dev.airlock.archive.testing.TestArchives.directory;
import static dev.airlock.archive.testing.TestArchives.file;
import static dev.airlock.archive.testing.TestArchives.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive-contents port as the archive reader provides it: files only, within the limits. */
class ArchiveReaderContentsTest {
  @TempDir
  Path temp;

  @Test
  void shouldVisitOnlyRegularFilesWithTheirSizeAndContentWhenReadingATarGz() throws Exception {
    // Given
    Path archive = TestArchives.tarGz(temp.resolve("demo-1.0.tar.gz"),
        directory("demo-1.0/"),
        file("demo-1.0/requirements.txt", "requests==2.31.0\n"),
        symlink("demo-1.0/link", "requirements.txt"));
    List<String> seen = new ArrayList<>();

    // When
    try (InMemoryFetchedArtifact artifact = InMemoryFetchedArtifact.of(archive)) {
      new ArchiveReaderContents(new ArchiveReader(ArchiveLimits.defaults())).forEachFile(artifact,
          (path, size, content) -> seen.add(path + " " + size + " "
              + new String(content.readAllBytes(), StandardCharsets.UTF_8).strip()));
    }

    // Then
    assertThat(seen).containsExactly("demo-1.0/requirements.txt 17 requests==2.31.0");
  }

  @Test
  void shouldFailNamingTheArchiveAndTheLimitWhenAnEntryIsLargerThanAllowed() throws Exception {
    // Given
    Path archive = TestArchives.zip(temp.resolve("big.zip"), file("big/data.txt", "x".repeat(2_000)));
    ArchiveReaderContents contents = new ArchiveReaderContents(new ArchiveReader(new ArchiveLimits(10, 1_000, 1_000)));

    // When / Then
    try (InMemoryFetchedArtifact artifact = InMemoryFetchedArtifact.of(archive)) {
      assertThatThrownBy(() -> contents.forEachFile(artifact, (path, size, content) -> content.readAllBytes()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("big.zip")
          .hasMessageContaining("intake limit");
    }
  }

  @Test
  void shouldFailNamingTheArchiveWhenItIsNotAnArchive() throws IOException {
    // Given
    Path notAnArchive = Files.writeString(temp.resolve("notes.tar.gz"), "just text");

    // When / Then
    try (InMemoryFetchedArtifact artifact = InMemoryFetchedArtifact.of(notAnArchive)) {
      assertThatThrownBy(() -> new ArchiveReaderContents(new ArchiveReader(ArchiveLimits.defaults()))
          .forEachFile(artifact, (path, size, content) -> { }))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("notes.tar.gz cannot be read");
    }
  }
}

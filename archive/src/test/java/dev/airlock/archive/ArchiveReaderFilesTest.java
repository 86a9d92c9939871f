package dev.airlock.archive;

import static dev.airlock.archive.testing.TestArchives.directory;
import static dev.airlock.archive.testing.TestArchives.file;
import static dev.airlock.archive.testing.TestArchives.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.archive.testing.TestArchives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive reader visiting regular files only, within the limits, every failure naming the archive. */
class ArchiveReaderFilesTest {
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
    new ArchiveReader(ArchiveLimits.defaults()).forEachFile(ArchiveSource.of(archive),
        (path, size, content) -> seen.add(path + " " + size + " "
            + new String(content.readAllBytes(), StandardCharsets.UTF_8).strip()));

    // Then
    assertThat(seen).containsExactly("demo-1.0/requirements.txt 17 requests==2.31.0");
  }

  @Test
  void shouldFailNamingTheArchiveAndTheLimitWhenAnEntryIsLargerThanAllowed() throws Exception {
    // Given
    Path archive = TestArchives.zip(temp.resolve("big.zip"), file("big/data.txt", "x".repeat(2_000)));
    ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 1_000, 1_000));

    // When / Then
    assertThatThrownBy(() -> reader.forEachFile(ArchiveSource.of(archive), (path, size, content) -> content.readAllBytes()))
        .isInstanceOf(ArchiveLimitException.class)
        .hasMessageContaining("archive big.zip passes an intake limit");
  }

  @Test
  void shouldFailNamingTheArchiveWhenItIsNotAnArchive() throws IOException {
    // Given
    Path notAnArchive = Files.writeString(temp.resolve("notes.tar.gz"), "just text");

    // When / Then
    assertThatThrownBy(() -> new ArchiveReader(ArchiveLimits.defaults())
        .forEachFile(ArchiveSource.of(notAnArchive), (path, size, content) -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("archive notes.tar.gz cannot be read");
  }

  @Test
  void shouldFailNamingTheArchiveAndKeepingTheReasonWhenTheVisitorFails() throws Exception {
    // Given
    Path archive = TestArchives.tarGz(temp.resolve("demo-1.0.tar.gz"), file("demo-1.0/setup.py", "x = 1\n"));

    // When / Then
    assertThatThrownBy(() -> new ArchiveReader(ArchiveLimits.defaults()).forEachFile(ArchiveSource.of(archive),
        (path, size, content) -> {
          throw new IOException("manifest " + path + " is too large");
        }))
        .isInstanceOf(IOException.class)
        .hasMessage("archive demo-1.0.tar.gz cannot be read: manifest demo-1.0/setup.py is too large");
  }
}

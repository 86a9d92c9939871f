package dev.airlock.archive;

import static dev.airlock.archive.testing.TestArchives.charDevice;
import static dev.airlock.archive.testing.TestArchives.directory;
import static dev.airlock.archive.testing.TestArchives.fifo;
import static dev.airlock.archive.testing.TestArchives.file;
import static dev.airlock.archive.testing.TestArchives.hardlink;
import static dev.airlock.archive.testing.TestArchives.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.archive.ArchiveItem.Type;
import dev.airlock.archive.testing.TestArchives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading entries from zip, tar and tar.gz archives as streams, within limits. */
class ArchiveReaderTest {
  @TempDir
  Path temp;

  /** What the visitor saw of one entry. */
  private record Seen(String name, Type type, String content, Optional<String> linkTarget) {}

  @Nested
  @DisplayName("visiting entries")
  class Visiting {

    @Test
    void shouldReportTypesContentAndLinkTargetsWhenReadingAZip() throws IOException {
      // Given
      Path zip = TestArchives.zip(temp.resolve("demo.whl"),
          directory("demo/"),
          file("demo/__init__.py", "print('hello')\n"),
          symlink("demo/link", "../../etc/passwd"));

      // When
      List<Seen> seen = readAll(zip, ArchiveLimits.defaults());

      // Then
      assertThat(seen).containsExactly(
          new Seen("demo/", Type.DIRECTORY, "", Optional.empty()),
          new Seen("demo/__init__.py", Type.FILE, "print('hello')\n", Optional.empty()),
          new Seen("demo/link", Type.SYMLINK, "", Optional.of("../../etc/passwd")));
    }

    @Test
    void shouldReportTypesContentAndLinkTargetsWhenReadingATarGz() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("demo.tar.gz"),
          directory("demo/"),
          file("demo/setup.py", "from setuptools import setup\nsetup()\n"),
          symlink("demo/etc", "/etc"),
          hardlink("demo/copy.py", "demo/setup.py"),
          charDevice("demo/null"),
          fifo("demo/pipe"));

      // When
      List<Seen> seen = readAll(tarGz, ArchiveLimits.defaults());

      // Then
      assertThat(seen).containsExactly(
          new Seen("demo/", Type.DIRECTORY, "", Optional.empty()),
          new Seen("demo/setup.py", Type.FILE, "from setuptools import setup\nsetup()\n", Optional.empty()),
          new Seen("demo/etc", Type.SYMLINK, "", Optional.of("/etc")),
          new Seen("demo/copy.py", Type.HARDLINK, "", Optional.of("demo/setup.py")),
          new Seen("demo/null", Type.DEVICE, "", Optional.empty()),
          new Seen("demo/pipe", Type.DEVICE, "", Optional.empty()));
    }

    @Test
    void shouldVisitEntriesWhenTheTarIsUncompressed() throws IOException {
      // Given
      Path tar = TestArchives.tar(temp.resolve("demo.tar"), file("demo/a.txt", "alpha"), file("demo/b.txt", "beta"));

      // When
      List<Seen> seen = readAll(tar, ArchiveLimits.defaults());

      // Then
      assertThat(seen).extracting(Seen::name, Seen::type, Seen::content).containsExactly(
          tuple("demo/a.txt", Type.FILE, "alpha"),
          tuple("demo/b.txt", Type.FILE, "beta"));
    }

    @Test
    void shouldReportEntryNamesExactlyAsWrittenWhenTheyEscape() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("evil.tar.gz"),
          file("../../etc/cron.d/x", "* * * * * root sh\n"),
          file("/abs/path.txt", "x"));

      // When
      List<Seen> seen = readAll(tarGz, ArchiveLimits.defaults());

      // Then
      assertThat(seen).extracting(Seen::name).containsExactly("../../etc/cron.d/x", "/abs/path.txt");
    }

    @Test
    void shouldFailWithAnIoExceptionWhenTheFileIsNotAnArchive() throws IOException {
      // Given
      Path text = Files.writeString(temp.resolve("notes.tar.gz"), "these are just notes, not an archive\n");
      ArchiveReader reader = new ArchiveReader(ArchiveLimits.defaults());

      // When / Then
      assertThatThrownBy(() -> reader.read(text, (item, content) -> { }))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(ArchiveLimitException.class)
          .hasMessage("not a zip, wheel, tar or tar.gz archive");
    }

    @Test
    void shouldFailWithAnIoExceptionWhenTheGzipStreamIsTruncated() throws IOException {
      // Given
      byte[] whole = TestArchives.tarGzBytes(file("demo/big.txt", randomText(50_000)));
      Path truncated = Files.write(temp.resolve("cut.tar.gz"), Arrays.copyOf(whole, whole.length / 2));
      ArchiveReader reader = new ArchiveReader(ArchiveLimits.defaults());

      // When / Then
      assertThatThrownBy(() -> reader.read(truncated, (item, content) -> content.readAllBytes()))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(ArchiveLimitException.class);
    }
  }

  @Nested
  @DisplayName("limits")
  class Limits {

    @Test
    void shouldStopWhenAZipEntryExpandsFarMoreThanItsCompressedSize() throws IOException {
      // Given: 101 MiB of zeros deflate to about 100 KiB, a ratio near 1000
      byte[] zeros = new byte[(int) ArchiveLimits.RATIO_FLOOR + 1024 * 1024];
      Path zip = TestArchives.zip(temp.resolve("bomb.zip"), file("data.bin", zeros));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, Long.MAX_VALUE, Long.MAX_VALUE, 200));

      // When / Then
      assertThatThrownBy(() -> reader.read(zip, (item, content) -> content.readAllBytes()))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("entry data.bin expands more than 200 times its compressed size");
    }

    @Test
    void shouldStopWhenATarGzExpandsFarMoreThanItsSize() throws IOException {
      // Given
      byte[] zeros = new byte[(int) ArchiveLimits.RATIO_FLOOR + 1024 * 1024];
      Path tarGz = TestArchives.tarGz(temp.resolve("bomb.tar.gz"), file("data.bin", zeros));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, Long.MAX_VALUE, Long.MAX_VALUE, 200));

      // When / Then: the visitor reads nothing, the reader still counts what it decompresses
      assertThatThrownBy(() -> reader.read(tarGz, (item, content) -> { }))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("archive expands more than 200 times its size");
    }

    @Test
    void shouldAcceptLargeButOrdinaryExpansionWhenBelowTheRatio() throws IOException {
      // Given: random bytes do not compress, so 101 MiB stays far below the ratio
      byte[] noise = new byte[(int) ArchiveLimits.RATIO_FLOOR + 1024 * 1024];
      new java.util.Random(42).nextBytes(noise);
      Path tarGz = TestArchives.tarGz(temp.resolve("big.tar.gz"), file("data.bin", noise));
      ArchiveReader reader = new ArchiveReader(ArchiveLimits.defaults());

      // When / Then
      assertThatCode(() -> reader.read(tarGz, (item, content) -> content.readAllBytes()))
          .doesNotThrowAnyException();
    }

    @Test
    void shouldStopWhenThereAreMoreEntriesThanAllowed() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("many.tar.gz"),
          file("a", "1"), file("b", "2"), file("c", "3"));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(2, 1_000, 1_000));
      List<String> visited = new ArrayList<>();

      // When / Then
      assertThatThrownBy(() -> reader.read(tarGz, (item, content) -> visited.add(item.name())))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("archive has more than 2 entries");
      assertThat(visited).containsExactly("a", "b");
    }

    @Test
    void shouldStopWhenAZipHasMoreEntriesThanAllowed() throws IOException {
      // Given
      Path zip = TestArchives.zip(temp.resolve("many.zip"), file("a", "1"), file("b", "2"), file("c", "3"));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(2, 1_000, 1_000));

      // When / Then
      assertThatThrownBy(() -> reader.read(zip, (item, content) -> content.readAllBytes()))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("archive has more than 2 entries");
    }

    @Test
    void shouldReadEveryEntryWhenThereAreExactlyTheMaximumNumber() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("two.tar.gz"), file("a", "1"), file("b", "2"));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(2, 1_000, 1_000));

      // When / Then
      assertThatCode(() -> reader.read(tarGz, (item, content) -> content.readAllBytes()))
          .doesNotThrowAnyException();
    }

    @Test
    void shouldStopWhenOneZipEntryExpandsPastTheEntryLimit() throws IOException {
      // Given: 1 MiB of zeros compresses to about a kilobyte
      Path zip = TestArchives.zip(temp.resolve("bomb.zip"), file("demo/zeros.bin", new byte[1024 * 1024]));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 10L * 1024 * 1024, 64 * 1024));

      // When / Then
      assertThatThrownBy(() -> reader.read(zip, (item, content) -> content.readAllBytes()))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("entry demo/zeros.bin expands to more than 65536 bytes");
    }

    @Test
    void shouldStopWhenOneTarEntryExpandsPastTheEntryLimit() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("bomb.tar.gz"), file("demo/zeros.bin", new byte[101]));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 10_000, 100));

      // When / Then
      assertThatThrownBy(() -> reader.read(tarGz, (item, content) -> content.readAllBytes()))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("entry demo/zeros.bin expands to more than 100 bytes");
    }

    @Test
    void shouldReadTheEntryWhenItIsExactlyTheEntryLimit() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("exact.tar.gz"), file("demo/zeros.bin", new byte[100]));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 10_000, 100));

      // When / Then
      assertThatCode(() -> reader.read(tarGz, (item, content) -> content.readAllBytes()))
          .doesNotThrowAnyException();
    }

    @Test
    void shouldStopWhenAllEntriesTogetherExpandPastTheTotalLimit() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("total.tar.gz"),
          file("demo/a.bin", new byte[100]), file("demo/b.bin", new byte[100]));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 150, 100));

      // When / Then
      assertThatThrownBy(() -> reader.read(tarGz, (item, content) -> content.readAllBytes()))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("archive expands to more than 150 bytes");
    }

    @Test
    void shouldStillCountTarContentWhenTheVisitorDoesNotReadIt() throws IOException {
      // Given
      Path tarGz = TestArchives.tarGz(temp.resolve("unread.tar.gz"), file("demo/big.bin", new byte[10_000]));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 100_000, 1_000));

      // When / Then
      assertThatThrownBy(() -> reader.read(tarGz, (item, content) -> { }))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("entry demo/big.bin expands to more than 1000 bytes");
    }
  }

  @Nested
  @DisplayName("archives inside the archive")
  class NestedArchives {

    @Test
    void shouldVisitTheEntriesOfAZipInsideATarGzNamedThroughIt() throws IOException {
      // Given
      byte[] inner = TestArchives.zipBytes(file("pkg/setup.py", "import os\n"), file("pkg/data.txt", "data"));
      Path outer = TestArchives.tarGz(temp.resolve("outer.tar.gz"),
          file("demo/README", "readme"), file("demo/vendor/inner.whl", inner));

      // When
      List<Seen> seen = readAll(outer, ArchiveLimits.defaults());

      // Then
      assertThat(seen).extracting(Seen::name, Seen::type, Seen::content).containsExactly(
          tuple("demo/README", Type.FILE, "readme"),
          tuple("demo/vendor/inner.whl!/pkg/setup.py", Type.FILE, "import os\n"),
          tuple("demo/vendor/inner.whl!/pkg/data.txt", Type.FILE, "data"));
    }

    @Test
    void shouldVisitTheEntriesOfATarGzAndATarInsideAZip() throws IOException {
      // Given
      Path outer = TestArchives.zip(temp.resolve("outer.zip"),
          file("a.tgz", TestArchives.tarGzBytes(file("pkg/setup.py", "x = 1\n"))),
          file("b.tar", TestArchives.tarBytes(file("pkg/index.js", "y()\n"))));

      // When
      List<Seen> seen = readAll(outer, ArchiveLimits.defaults());

      // Then
      assertThat(seen).extracting(Seen::name, Seen::content).containsExactly(
          tuple("a.tgz!/pkg/setup.py", "x = 1\n"),
          tuple("b.tar!/pkg/index.js", "y()\n"));
    }

    @Test
    void shouldReadASourceFileAsContentWhenUstarSitsAtOffset257ButNoTarHeaderChecksumHolds() throws IOException {
      // Given: a script that writes tar headers itself (tar-stream's headers.js) with 'ustar' at byte 257
      String code = "var ZEROS = '0000000000000000000';\n".repeat(7);
      code = code + "/".repeat(256 - code.length()) + "'ustar\\x20', 'ustar\\x00';\nmodule.exports = {};\n"
          + "// ".repeat(100) + "\n";
      Path tarGz = TestArchives.tarGz(temp.resolve("tar-stream-2.2.0.tgz"), file("package/headers.js", code));

      // When
      List<Seen> seen = readAll(tarGz, ArchiveLimits.defaults());

      // Then: one file, read as the text it is, not a nested archive that cannot be read
      assertThat(code.substring(257, 262)).isEqualTo("ustar");
      assertThat(seen).extracting(Seen::name, Seen::type, Seen::content)
          .containsExactly(tuple("package/headers.js", Type.FILE, code));
    }

    @Test
    void shouldStillReadATarInsideATarGzWhenItsHeaderChecksumHolds() throws IOException {
      // Given
      Path outer = TestArchives.tarGz(temp.resolve("outer.tar.gz"),
          file("pkg/vendor/inner.tar", TestArchives.tarBytes(file("inner/setup.py", "x = 1\n"))));

      // When
      List<Seen> seen = readAll(outer, ArchiveLimits.defaults());

      // Then
      assertThat(seen).extracting(Seen::name, Seen::content)
          .containsExactly(tuple("pkg/vendor/inner.tar!/inner/setup.py", "x = 1\n"));
    }

    @Test
    void shouldReportAnArchiveNestedDeeperThanTheLimitWithoutReadingIt() throws IOException {
      // Given: level 1 zip holds level 2 tar.gz, which holds a level 3 zip
      byte[] level3 = TestArchives.zipBytes(file("hidden.py", "exec(x)\n"));
      byte[] level2 = TestArchives.tarGzBytes(file("l2/ok.py", "ok\n"), file("l2/deep.zip", level3));
      byte[] level1 = TestArchives.zipBytes(file("l1.tar.gz", level2));
      Path outer = TestArchives.tarGz(temp.resolve("outer.tar.gz"), file("pkg/l1.zip", level1));

      // When
      List<Seen> seen = readAll(outer, ArchiveLimits.defaults());

      // Then
      assertThat(seen).extracting(Seen::name, Seen::type, Seen::content).containsExactly(
          tuple("pkg/l1.zip!/l1.tar.gz!/l2/ok.py", Type.FILE, "ok\n"),
          tuple("pkg/l1.zip!/l1.tar.gz!/l2/deep.zip", Type.NESTED_ARCHIVE, ""));
    }

    @Test
    void shouldReportTheFirstNestedArchiveWhenNestingIsNotAllowed() throws IOException {
      // Given
      Path outer = TestArchives.zip(temp.resolve("outer.zip"),
          file("inner.zip", TestArchives.zipBytes(file("a.py", "a\n"))));

      // When
      List<Seen> seen = readAll(outer, new ArchiveLimits(100, 1_000_000, 1_000_000, 200, 0));

      // Then
      assertThat(seen).containsExactly(new Seen("inner.zip", Type.NESTED_ARCHIVE, "", Optional.empty()));
    }

    @Test
    void shouldCountNestedEntriesAgainstTheSameEntryLimit() throws IOException {
      // Given: one outer entry, three inner ones; four in all
      byte[] inner = TestArchives.tarGzBytes(file("a", "a"), file("b", "b"), file("c", "c"));
      Path outer = TestArchives.zip(temp.resolve("outer.zip"), file("inner.tgz", inner));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(3, 1_000_000, 1_000_000));

      // When / Then
      assertThatThrownBy(() -> reader.read(outer, (item, content) -> { }))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("archive has more than 3 entries");
    }

    @Test
    void shouldCountNestedBytesIntoTheTotalWhenAnInnerEntryExpands() throws IOException {
      // Given: the inner entry alone is within the per-entry limit; with its container it passes the total
      byte[] inner = TestArchives.zipBytes(file("zeros.bin", new byte[30_000]));
      Path outer = TestArchives.tarGz(temp.resolve("outer.tar.gz"), file("inner.zip", inner));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 30_000, 40_000));

      // When / Then
      assertThatThrownBy(() -> reader.read(outer, (item, content) -> content.readAllBytes()))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("archive expands to more than 30000 bytes");
    }

    @Test
    void shouldStopAtTheEntryLimitWhenANestedEntryIsABomb() throws IOException {
      // Given
      byte[] inner = TestArchives.tarGzBytes(file("bomb.bin", new byte[2_000_000]));
      Path outer = TestArchives.zip(temp.resolve("outer.zip"), file("inner.tar.gz", inner));
      ArchiveReader reader = new ArchiveReader(new ArchiveLimits(10, 100_000_000, 1_000_000));

      // When / Then
      assertThatThrownBy(() -> reader.read(outer, (item, content) -> content.readAllBytes()))
          .isInstanceOf(ArchiveLimitException.class)
          .hasMessage("entry inner.tar.gz!/bomb.bin expands to more than 1000000 bytes");
    }

    @Test
    void shouldVisitASingleCompressedFileAsAFileWhenItHoldsNoTar() throws IOException {
      // Given: data.json.gz is gzip, but not an archive
      java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
      try (var out = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(gz)) {
        out.write("{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
      }
      Path outer = TestArchives.zip(temp.resolve("outer.zip"), file("data.json.gz", gz.toByteArray()));
      List<byte[]> contents = new ArrayList<>();

      // When
      new ArchiveReader(ArchiveLimits.defaults()).read(outer,
          (item, content) -> contents.add(content.readAllBytes()));

      // Then
      assertThat(contents).containsExactly(gz.toByteArray());
    }

    @Test
    void shouldFailNamingTheNestedArchiveWhenItIsDamaged() throws IOException {
      // Given: starts like a zip, is not one
      byte[] damaged = Arrays.copyOf(new byte[] {'P', 'K', 3, 4}, 600);
      Path outer = TestArchives.tarGz(temp.resolve("outer.tar.gz"), file("pkg/broken.zip", damaged));
      ArchiveReader reader = new ArchiveReader(ArchiveLimits.defaults());

      // When / Then
      assertThatThrownBy(() -> reader.read(outer, (item, content) -> { }))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(ArchiveLimitException.class)
          .hasMessageStartingWith("nested archive pkg/broken.zip cannot be read: ");
    }

    @Test
    void shouldLeaveNoSpooledCopyBehindWhenANestedZipHasBeenRead() throws IOException {
      // Given
      Path outer = TestArchives.tarGz(temp.resolve("outer.tar.gz"),
          file("inner.zip", TestArchives.zipBytes(file("a.py", "a\n"))));
      java.util.Set<Path> before = nestedSpools();
      List<String> names = new ArrayList<>();

      // When
      new ArchiveReader(ArchiveLimits.defaults()).read(outer, (item, content) -> {
        names.add(item.name());
        assertThat(nestedSpools()).as("spooled while read").hasSizeGreaterThan(before.size());
      });

      // Then
      assertThat(names).containsExactly("inner.zip!/a.py");
      assertThat(nestedSpools()).isEqualTo(before);
    }

    private static java.util.Set<Path> nestedSpools() throws IOException {
      try (var stream = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "airlock-nested-*")) {
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        stream.forEach(dirs::add);
        return dirs;
      }
    }
  }

  private List<Seen> readAll(Path archive, ArchiveLimits limits) throws IOException {
    List<Seen> seen = new ArrayList<>();
    new ArchiveReader(limits).read(archive, (item, content) -> seen.add(
        new Seen(item.name(), item.type(), new String(content.readAllBytes(), StandardCharsets.UTF_8),
            item.linkTarget())));
    return seen;
  }

  private static String randomText(int length) {
    java.util.Random random = new java.util.Random(length);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}

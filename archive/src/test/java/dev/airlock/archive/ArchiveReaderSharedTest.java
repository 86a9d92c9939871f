package dev.airlock.archive;

import static dev.airlock.archive.testing.TestArchives.directory;
import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.archive.testing.TestArchives;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pass over an archive feeding several readers, the archive opened and read once. */
class ArchiveReaderSharedTest {
  @TempDir
  Path temp;

  /** A reader that notes the entries it wants, with a digest of their bytes. */
  private static final class Recording implements ArchiveReader.SharedReader {
    final List<String> seen = new ArrayList<>();
    private final Predicate<ArchiveItem> wanted;
    private final long readAtMost;

    Recording(Predicate<ArchiveItem> wanted) {
      this(wanted, Long.MAX_VALUE);
    }

    /** Reads only the first {@code readAtMost} bytes of each entry (the pass must still copy it whole). */
    Recording(Predicate<ArchiveItem> wanted, long readAtMost) {
      this.wanted = wanted;
      this.readAtMost = readAtMost;
    }

    @Override
    public boolean wants(ArchiveItem item) {
      return wanted.test(item);
    }

    @Override
    public void visit(ArchiveItem item, InputStream content) throws IOException {
      seen.add(item.name() + " " + digest(content, readAtMost));
    }
  }

  /** An archive file that counts how often it is opened and how many bytes are read from it. */
  private static final class CountingSource implements ArchiveSource {
    final AtomicInteger opens = new AtomicInteger();
    final AtomicLong bytesRead = new AtomicLong();
    private final Path file;

    CountingSource(Path file) {
      this.file = file;
    }

    @Override
    public String fileName() {
      return file.getFileName().toString();
    }

    @Override
    public long size() {
      try {
        return Files.size(file);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public InputStream openStream() throws IOException {
      opens.incrementAndGet();
      return java.nio.channels.Channels.newInputStream(channel());
    }

    @Override
    public SeekableByteChannel openChannel() throws IOException {
      opens.incrementAndGet();
      return channel();
    }

    private SeekableByteChannel channel() throws IOException {
      SeekableByteChannel real = Files.newByteChannel(file, StandardOpenOption.READ);
      return new SeekableByteChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          int n = real.read(dst);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }

        @Override
        public int write(ByteBuffer src) {
          throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
          return real.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
          real.position(p);
          return this;
        }

        @Override
        public long size() throws IOException {
          return real.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
          return real.isOpen();
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      };
    }
  }

  private static final byte[] BIG = bigText();

  @Nested
  @DisplayName("several readers")
  class SeveralReaders {

    @Test
    void shouldGiveEveryReaderTheSameBytesOfTheEntriesItWantsWhenTwoReadATarGz() throws IOException {
      // Given
      Path archive = TestArchives.tarGz(temp.resolve("demo-1.0.tar.gz"), directory("demo-1.0/"),
          file("demo-1.0/setup.py", "from setuptools import setup\n"), file("demo-1.0/big.txt", BIG),
          file("demo-1.0/README", "hello\n"));
      Recording everything = new Recording(item -> true, 10);
      Recording files = new Recording(item -> item.type() == ArchiveItem.Type.FILE && !item.name().endsWith("README"));

      // When
      ArchiveReader.SharedResult result = new ArchiveReader(ArchiveLimits.defaults())
          .readShared(ArchiveSource.of(archive), List.of(everything, files));

      // Then
      assertThat(result.failed()).isEmpty();
      assertThat(result.limit()).isEmpty();
      assertThat(everything.seen).containsExactly("demo-1.0/ " + digest(new byte[0]),
          "demo-1.0/setup.py " + digest("from setupt".substring(0, 10).getBytes(StandardCharsets.UTF_8)),
          "demo-1.0/big.txt " + digest(java.util.Arrays.copyOf(BIG, 10)), "demo-1.0/README " + digest("hello\n"
              .substring(0, 6).getBytes(StandardCharsets.UTF_8)));
      assertThat(files.seen).containsExactly(
          "demo-1.0/setup.py " + digest("from setuptools import setup\n".getBytes(StandardCharsets.UTF_8)),
          "demo-1.0/big.txt " + digest(BIG));
    }

    @Test
    void shouldGiveEveryReaderTheWholeEntryWhenThreeReadAZip() throws IOException {
      // Given
      Path archive = TestArchives.zip(temp.resolve("demo.whl"), file("demo/big.txt", BIG));
      List<Recording> readers = List.of(new Recording(item -> true), new Recording(item -> true),
          new Recording(item -> true));

      // When
      new ArchiveReader(ArchiveLimits.defaults()).readShared(ArchiveSource.of(archive), readers);

      // Then
      assertThat(readers).allSatisfy(r -> assertThat(r.seen).containsExactly("demo/big.txt " + digest(BIG)));
    }

    @Test
    void shouldOpenTheArchiveOnceAndReadItsBytesOnceWhenSeveralReadersWantEveryEntry() throws IOException {
      // Given
      Path archive = TestArchives.tarGz(temp.resolve("demo-1.0.tar.gz"), file("demo-1.0/big.txt", BIG),
          file("demo-1.0/setup.py", "print(1)\n"));
      CountingSource source = new CountingSource(archive);

      // When
      new ArchiveReader(ArchiveLimits.defaults()).readShared(source,
          List.of(new Recording(item -> true), new Recording(item -> true), new Recording(item -> true)));

      // Then
      assertThat(source.opens).hasValue(1);
      assertThat(source.bytesRead.get()).isEqualTo(Files.size(archive));
    }

    @Test
    void shouldGoOnForTheOthersAndReturnTheFailureWhenOneReaderFails() throws IOException {
      // Given
      Path archive = TestArchives.tarGz(temp.resolve("demo-1.0.tar.gz"), file("demo-1.0/a.py", "a\n"),
          file("demo-1.0/big.txt", BIG), file("demo-1.0/c.py", "c\n"));
      AtomicInteger offeredAfterFailure = new AtomicInteger();
      ArchiveReader.SharedReader failing = new ArchiveReader.SharedReader() {
        private boolean failed;

        @Override
        public boolean wants(ArchiveItem item) {
          if (failed) {
            offeredAfterFailure.incrementAndGet();
          }
          return true;
        }

        @Override
        public void visit(ArchiveItem item, InputStream content) throws IOException {
          content.readNBytes(100);
          failed = true;
          throw new IOException("manifest too large");
        }
      };
      Recording other = new Recording(item -> true);

      // When
      Map<ArchiveReader.SharedReader, Exception> failed = new ArchiveReader(ArchiveLimits.defaults())
          .readShared(ArchiveSource.of(archive), List.of(failing, other)).failed();

      // Then
      assertThat(failed).containsOnlyKeys(failing);
      assertThat(failed.get(failing)).hasMessage("manifest too large");
      assertThat(offeredAfterFailure).hasValue(0);
      assertThat(other.seen).containsExactly("demo-1.0/a.py " + digest("a\n".getBytes(StandardCharsets.UTF_8)),
          "demo-1.0/big.txt " + digest(BIG), "demo-1.0/c.py " + digest("c\n".getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Nested
  @DisplayName("limits and damage")
  class LimitsAndDamage {

    @Test
    void shouldEndThePassAtTheLimitForAllWhenTheReaderReadingWrapsIt() throws IOException {
      // Given
      Path archive = TestArchives.tarGz(temp.resolve("big-1.0.tar.gz"), file("big-1.0/data.txt", BIG),
          file("big-1.0/after.py", "x\n"));
      ArchiveReader.SharedReader swallowing = new ArchiveReader.SharedReader() {
        @Override
        public boolean wants(ArchiveItem item) {
          return true;
        }

        @Override
        public void visit(ArchiveItem item, InputStream content) throws IOException {
          try {
            content.readAllBytes();
          } catch (IOException e) {
            throw new IOException("my own words for it", e);
          }
        }
      };
      Recording other = new Recording(item -> true);

      // When
      ArchiveReader.SharedResult result = new ArchiveReader(new ArchiveLimits(100, 1_000_000, 1_000))
          .readShared(ArchiveSource.of(archive), List.of(swallowing, other));

      // Then
      assertThat(result.limit()).get().extracting(Throwable::getMessage).asString()
          .contains("big-1.0/data.txt expands to more than 1000 bytes");
      assertThat(result.failed()).isEmpty();
      assertThat(other.seen).isEmpty();
    }

    @Test
    void shouldFailThePassWhenTheArchiveIsTruncated() throws IOException {
      // Given
      byte[] whole = TestArchives.tarGzBytes(file("demo-1.0/big.txt", BIG));
      Path archive = Files.write(temp.resolve("demo-1.0.tar.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));

      // When / Then
      assertThatThrownBy(() -> new ArchiveReader(ArchiveLimits.defaults())
          .readShared(ArchiveSource.of(archive), List.of(new Recording(item -> true), new Recording(item -> true))))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(ArchiveLimitException.class);
    }
  }

  /** 3 MiB of varied text: past the in-memory copy, so the second reader reads a temporary file. */
  private static byte[] bigText() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 3 * EntrySpool.IN_MEMORY; i++) {
      text.append("line ").append(i).append(" of the big file\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String digest(InputStream content, long readAtMost) throws IOException {
    return digest(content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, readAtMost)));
  }
}

package dev.airlock.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the entries of a zip, wheel, tar or tar.gz archive as streams, never extracting anything,
 * within {@link ArchiveLimits}. The format is judged from the first bytes. An entry that is itself
 * an archive (by its first bytes) is opened in turn, up to {@link ArchiveLimits#maxNesting()} levels,
 * its entries named through it ({@code inner.tar.gz!/pkg/setup.py}) and counted against the same
 * limits; a nested zip is spooled to a private temporary file, because zips are read from the end.
 */
public final class ArchiveReader {

  /** Receives each entry; {@code content} is empty for non-file entries and must not be closed. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(ArchiveItem item, InputStream content) throws IOException;
  }

  /** Receives each regular file: for readers that need only some files (manifests, say), picked by path. */
  @FunctionalInterface
  public interface FileVisitor {
    /**
     * One file.
     *
     * @param path the entry's path as written in the archive (untrusted: never use it as a file name)
     * @param size the size the archive declares, or -1 when it declares none
     * @param content the file's bytes, counted against the limits as they are read; open only during the call
     */
    void visit(String path, long size, InputStream content) throws IOException;
  }

  private static final int TAR_HEADER = 512;
  /** Compressed bytes read ahead to see whether a nested gzip holds a tar. */
  private static final int GZIP_PEEK = 64 * 1024;

  private final ArchiveLimits limits;

  public ArchiveReader(ArchiveLimits limits) {
    this.limits = limits;
  }

  /**
   * Visits every entry of the archive in the local file {@code archive}; see {@link #read(ArchiveSource, EntryVisitor)}.
   *
   * @throws ArchiveLimitException when a limit is passed
   * @throws IOException when the archive is damaged or not an archive
   */
  public void read(Path archive, EntryVisitor visitor) throws IOException {
    read(ArchiveSource.of(archive), visitor);
  }

  /**
   * Visits every entry in archive order, the entries of nested archives in place of the archive.
   *
   * @throws ArchiveLimitException when a limit is passed
   * @throws IOException when the archive is damaged or not an archive
   */
  public void read(ArchiveSource artifact, EntryVisitor visitor) throws IOException {
    // One channel serves the whole pass: the first bytes say the format, then it is rewound and read
    // from the start (tar, tar.gz) or from its end (zip), so the archive is opened once.
    SeekableByteChannel channel = artifact.openChannel();
    ArchiveMagic.Kind kind;
    byte[] head;
    try {
      ByteBuffer buffer = ByteBuffer.allocate(ArchiveMagic.PREFIX);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // a channel may return fewer bytes than asked
      }
      head = Arrays.copyOf(buffer.array(), buffer.position());
      kind = ArchiveMagic.detect(head).orElseThrow(() -> new IOException("not a zip, wheel, tar or tar.gz archive"));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    try {
      switch (kind) {
        case ZIP -> readZip(channel, "", 0, new Budget(artifact.size()), visitor); // read from its end
        case GZIP -> {
          try (InputStream in = new BufferedInputStream(
              gunzip(new BufferedInputStream(rest(head, channel))))) {
            readTar(in, "", 0, new Budget(artifact.size()), visitor);
          }
        }
        case TAR -> {
          try (InputStream in = new BufferedInputStream(rest(head, channel))) {
            readTar(in, "", 0, new Budget(-1), visitor);
          }
        }
      }
    } catch (EOFException e) {
      throw new IOException(ENDS_EARLY, e);
    } finally {
      channel.close(); // readZip and the streams close it too; closing again does nothing
    }
  }

  /**
   * Reads the archive once for several readers: each entry, in archive order, is offered to every
   * reader, and handed to those that want it. The first of them reads the entry as it is
   * decompressed; when others want it too its bytes are kept as they go by (in memory when small,
   * else in a private temporary file deleted at once) and each of the others reads that copy. The
   * limits are enforced once, on the archive's own bytes.
   *
   * <p>A reader that fails (its {@code wants} or {@code visit} throws) is offered nothing more and the
   * pass goes on for the others; the failures are returned. A failure of the archive itself (damage,
   * a limit passed), even when a reader was reading when it happened, ends the pass for all.
   *
   * <p>A limit passed ends the pass for all and is returned rather than thrown, with the readers that
   * had failed before it.
   *
   * @return the readers that failed, and the limit that ended the pass early, if one did
   * @throws IOException when the archive is damaged or not an archive
   */
  public SharedResult readShared(ArchiveSource artifact, List<? extends SharedReader> readers) throws IOException {
    IdentityHashMap<SharedReader, Exception> failed = new IdentityHashMap<>();
    try {
      readSharedInto(artifact, readers, failed);
    } catch (ArchiveLimitException e) {
      return new SharedResult(failed, Optional.of(e));
    }
    return new SharedResult(failed, Optional.empty());
  }

  /**
   * How a {@link #readShared shared pass} ended.
   *
   * @param failed each reader that failed, with what it threw (offered nothing after)
   * @param limit the limit that ended the pass before the end of the archive, if one did: every reader
   *     not in {@code failed} saw all it wanted up to there
   */
  public record SharedResult(Map<SharedReader, Exception> failed, Optional<ArchiveLimitException> limit) {}

  private void readSharedInto(ArchiveSource artifact, List<? extends SharedReader> readers,
      Map<SharedReader, Exception> failed) throws IOException {
    read(artifact, (item, content) -> {
      List<SharedReader> takers = new ArrayList<>();
      for (SharedReader reader : readers) {
        if (failed.containsKey(reader)) {
          continue;
        }
        try {
          if (reader.wants(item)) {
            takers.add(reader);
          }
        } catch (RuntimeException e) {
          failed.put(reader, e);
        }
      }
      if (takers.size() == 1) {
        hand(takers.get(0), item, content, failed);
      } else if (takers.size() > 1) {
        try (EntrySpool spool = new EntrySpool()) {
          GuardedStream live = new GuardedStream(content, spool);
          hand(takers.get(0), item, live, failed);
          live.drain();
          for (SharedReader reader : takers.subList(1, takers.size())) {
            try (InputStream copy = spool.open()) {
              hand(reader, item, copy, failed);
            }
          }
        }
      }
    });
  }

  /**
   * Gives {@code content} to {@code reader}; a failure of the reader's own is noted, one of the bytes
   * it was reading (the archive's, or the copy's) is thrown on.
   */
  private static void hand(SharedReader reader, ArchiveItem item, InputStream content,
      Map<SharedReader, Exception> failed) throws IOException {
    GuardedStream guarded = content instanceof GuardedStream g ? g : new GuardedStream(content, null);
    try {
      reader.visit(item, guarded);
    } catch (IOException | RuntimeException e) {
      if (guarded.sourceFailure != null) {
        throw guarded.sourceFailure;
      }
      failed.put(reader, e);
    }
    if (guarded.sourceFailure != null) {
      throw guarded.sourceFailure; // the reader swallowed it: the pass must not go on as if the bytes were whole
    }
  }

  /** One reader of a {@link #readShared shared pass}. */
  public interface SharedReader {
    /** Whether this reader wants {@code item} (asked of every entry, in archive order). */
    boolean wants(ArchiveItem item);

    /**
     * An entry it wants; {@code content} is empty for non-file entries, counted against the limits,
     * open only during the call, and must not be closed.
     */
    void visit(ArchiveItem item, InputStream content) throws IOException;
  }

  /**
   * A stream handed to a reader: remembers a failure of the bytes beneath it (so that it is told
   * from the reader's own), ignores close, and copies what is read to {@code copy} when there is one.
   */
  private static final class GuardedStream extends FilterInputStream {
    private final EntrySpool copy;
    private IOException sourceFailure;

    GuardedStream(InputStream in, EntrySpool copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = in.read(buffer, offset, length);
        if (n > 0 && copy != null) {
          copy.write(buffer, offset, n);
        }
      } catch (IOException e) {
        sourceFailure = e;
        throw e;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[8192];
      long skipped = 0;
      while (skipped < n) {
        int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      // the entry's stream belongs to the pass
    }

    /** Reads what the reader left, so the copy is whole. */
    void drain() throws IOException {
      byte[] scratch = new byte[64 * 1024];
      while (read(scratch, 0, scratch.length) >= 0) {
        // copied as read
      }
      if (sourceFailure != null) {
        throw sourceFailure;
      }
    }
  }

  /** The whole archive as a stream: the bytes already read to judge its format, then the rest of the channel. */
  private static InputStream rest(byte[] head, SeekableByteChannel channel) {
    return new SequenceInputStream(new ByteArrayInputStream(head), Channels.newInputStream(channel));
  }

  /** What a truncated archive is told as; the library's own words name a stream class or nothing. */
  private static final String ENDS_EARLY = "it ends early: the file is truncated or damaged";

  /**
   * Visits every regular file of {@code archive} in archive order (nested archives' files included);
   * directories, links and devices are not visited. Every failure names the archive.
   *
   * @throws ArchiveLimitException ("archive X passes an intake limit: ...") when a limit is passed
   * @throws IOException ("archive X cannot be read: ...") when the archive is damaged or not an
   *     archive, or the visitor fails
   */
  public void forEachFile(ArchiveSource archive, FileVisitor visitor) throws IOException {
    try {
      read(archive, (item, content) -> {
        if (item.type() == ArchiveItem.Type.FILE) {
          visitor.visit(item.name(), item.declaredSize(), content);
        }
      });
    } catch (ArchiveLimitException e) {
      throw new ArchiveLimitException("archive " + archive.fileName() + " passes an intake limit: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IOException("archive " + archive.fileName() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads the zip on {@code channel} (and closes it); entry names get {@code prefix}. */
  private void readZip(SeekableByteChannel channel, String prefix, int level, Budget budget, EntryVisitor visitor)
      throws IOException {
    ZipFile opened;
    try {
      opened = ZipFile.builder().setSeekableByteChannel(channel).get();
    } catch (IOException e) {
      channel.close();
      throw new IOException("its zip directory (at the end of the file) is missing or damaged: the file is "
          + "truncated or not a whole zip", e);
    }
    try (ZipFile zip = opened) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry entry = entries.nextElement();
        String name = prefix + entry.getName();
        budget.countEntry();
        budget.declared(name, entry.getSize(), entry.getCompressedSize());
        ArchiveItem.Type type = entry.isUnixSymlink() ? ArchiveItem.Type.SYMLINK
            : entry.isDirectory() ? ArchiveItem.Type.DIRECTORY : ArchiveItem.Type.FILE;
        if (type == ArchiveItem.Type.FILE) {
          try (InputStream content = budget.bounded(zip.getInputStream(entry), name, entry.getCompressedSize())) {
            visitFile(item(name, entry, type, Optional.empty()), content, level, budget, visitor);
          }
        } else if (type == ArchiveItem.Type.SYMLINK) {
          String target;
          try (InputStream content = budget.bounded(zip.getInputStream(entry), name, -1)) {
            target = new String(content.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
          }
          visitor.visit(item(name, entry, type, Optional.of(target)), InputStream.nullInputStream());
        } else {
          visitor.visit(item(name, entry, type, Optional.empty()), InputStream.nullInputStream());
        }
      }
    }
  }

  /** Reads the tar on {@code in} (a tar.gz already decompressed); entry names get {@code prefix}. */
  private void readTar(InputStream in, String prefix, int level, Budget budget, EntryVisitor visitor)
      throws IOException {
    // A gzip that holds something other than a tar (a bare script, say) must not pass as an empty
    // archive: that would be content nobody inspected.
    in.mark(TAR_HEADER);
    byte[] header = in.readNBytes(TAR_HEADER);
    in.reset();
    if (!TarArchiveInputStream.matches(header, header.length)) {
      throw new IOException("the archive " + (prefix.isEmpty() ? "" : prefix.substring(0,
          prefix.length() - ArchiveItem.NESTED_SEPARATOR.length()) + " ") + "is not a tar (a .tar.gz must hold a tar)");
    }
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      String name = prefix + entry.getName();
      budget.countEntry();
      ArchiveItem.Type type;
      Optional<String> target = Optional.empty();
      if (entry.isSymbolicLink()) {
        type = ArchiveItem.Type.SYMLINK;
        target = Optional.of(entry.getLinkName());
      } else if (entry.isLink()) {
        type = ArchiveItem.Type.HARDLINK;
        target = Optional.of(entry.getLinkName());
      } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        type = ArchiveItem.Type.DEVICE;
      } else if (entry.isDirectory()) {
        type = ArchiveItem.Type.DIRECTORY;
      } else if (entry.isFile()) {
        type = ArchiveItem.Type.FILE;
      } else {
        type = ArchiveItem.Type.OTHER;
      }
      if (type == ArchiveItem.Type.FILE) {
        InputStream content = budget.bounded(nonClosing(tar), name, -1);
        visitFile(item(name, entry, type, target), content, level, budget, visitor);
        content.transferTo(OutputStream.nullOutputStream()); // the rest is decompressed anyway: count it
      } else {
        visitor.visit(item(name, entry, type, target), InputStream.nullInputStream());
      }
    }
  }

  /**
   * Hands a file entry to the visitor, or, when its first bytes say it is an archive, reads that
   * archive's entries in its place (or reports it, when it is nested too deep).
   */
  private void visitFile(ArchiveItem item, InputStream content, int level, Budget budget, EntryVisitor visitor)
      throws IOException {
    byte[] head = content.readNBytes(ArchiveMagic.PREFIX);
    Optional<ArchiveMagic.Kind> kind = ArchiveMagic.detect(head);
    if (kind.isPresent() && kind.get() == ArchiveMagic.Kind.GZIP) {
      head = concat(head, content.readNBytes(GZIP_PEEK - head.length));
      if (!gzipHoldsTar(head)) {
        kind = Optional.empty(); // a single compressed file (data.json.gz): content like any other
      }
    }
    InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), content);
    if (kind.isEmpty()) {
      visitor.visit(item, whole);
      return;
    }
    int nested = level + 1;
    if (nested > limits.maxNesting()) {
      visitor.visit(new ArchiveItem(item.name(), ArchiveItem.Type.NESTED_ARCHIVE, item.declaredSize(),
          Optional.empty()), InputStream.nullInputStream());
      return;
    }
    String prefix = item.name() + ArchiveItem.NESTED_SEPARATOR;
    try {
      switch (kind.get()) {
        case ZIP -> readSpooledZip(whole, prefix, nested, budget, visitor);
        case GZIP -> {
          try (InputStream in = new BufferedInputStream(gunzip(whole))) {
            readTar(in, prefix, nested, budget, visitor);
          }
        }
        case TAR -> readTar(new BufferedInputStream(whole), prefix, nested, budget, visitor);
      }
    } catch (ArchiveLimitException | NestedArchiveException e) {
      throw e;
    } catch (EOFException e) {
      throw new NestedArchiveException("nested archive " + item.name() + " cannot be read: " + ENDS_EARLY, e);
    } catch (IOException e) {
      // Fail closed: an archive inside the package that cannot be read is content nobody inspected.
      throw new NestedArchiveException("nested archive " + item.name() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** A nested archive that is damaged; says which one, once, however deep. */
  private static final class NestedArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    NestedArchiveException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A zip is read from its end, so a nested one goes to a private temporary file first (already counted). */
  private void readSpooledZip(InputStream zip, String prefix, int level, Budget budget, EntryVisitor visitor)
      throws IOException {
    Path dir = createPrivateTempDir();
    Path file = dir.resolve("nested.zip");
    try {
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
        zip.transferTo(out);
      }
      readZip(Files.newByteChannel(file, StandardOpenOption.READ), prefix, level, budget, visitor);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** {@code in} gunzipped, every member of a concatenated gzip stream in turn (as {@code gzip -d} does). */
  private static InputStream gunzip(InputStream in) throws IOException {
    return GzipCompressorInputStream.builder().setDecompressConcatenated(true).setInputStream(in).get();
  }

  private static boolean gzipHoldsTar(byte[] head) {
    try (InputStream in = gunzip(new ByteArrayInputStream(head))) {
      byte[] header = in.readNBytes(TAR_HEADER);
      return ArchiveMagic.detect(header).filter(ArchiveMagic.Kind.TAR::equals).isPresent();
    } catch (IOException e) {
      return false; // not enough of it, or not gzip after all: it is read as a plain file
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  private static Path createPrivateTempDir() throws IOException {
    try {
      return Files.createTempDirectory("airlock-nested-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory("airlock-nested-");
    }
  }

  private static ArchiveItem item(String name, ArchiveEntry entry, ArchiveItem.Type type, Optional<String> target) {
    return new ArchiveItem(name, type, entry.getSize(), target);
  }

  private static InputStream nonClosing(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {
        // the tar stream stays open for the next entry
      }
    };
  }

  /** Counts entries and uncompressed bytes for one archive. */
  private final class Budget {
    private final long archiveBytes;
    private int entries;
    private long totalBytes;
    private long declaredBytes;

    /** A budget for an archive of {@code archiveBytes} compressed bytes (-1: not judged by ratio). */
    Budget(long archiveBytes) {
      this.archiveBytes = archiveBytes;
    }

    void countEntry() throws ArchiveLimitException {
      if (++entries > limits.maxEntries()) {
        throw new ArchiveLimitException("archive has more than " + limits.maxEntries() + " entries");
      }
    }

    /**
     * Judges a zip entry by the sizes it declares, before anything is read: entries a scanner skips
     * are never decompressed here, but an honest bomb must still be called one. Lying sizes are
     * caught by {@link #bounded} as the bytes are read.
     */
    void declared(String name, long size, long compressedSize) throws ArchiveLimitException {
      if (size < 0) {
        return;
      }
      declaredBytes += size;
      if (size > limits.maxEntryBytes()) {
        throw new ArchiveLimitException("entry " + name + " expands to more than " + limits.maxEntryBytes() + " bytes");
      }
      if (declaredBytes > limits.maxTotalBytes()) {
        throw new ArchiveLimitException("archive expands to more than " + limits.maxTotalBytes() + " bytes");
      }
      if (compressedSize > 0 && size > ArchiveLimits.RATIO_FLOOR && size / compressedSize > limits.maxRatio()) {
        throw new ArchiveLimitException("entry " + name + " expands more than " + limits.maxRatio()
            + " times its compressed size");
      }
    }

    /** {@code in}, counted against the limits; {@code compressedBytes} is the entry's own size, or -1. */
    InputStream bounded(InputStream in, String name, long compressedBytes) {
      return new FilterInputStream(in) {
        private long entryBytes;

        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b != -1) {
            count(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          if (n > 0) {
            count(n);
          }
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          byte[] scratch = new byte[8192];
          long skipped = 0;
          while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
              break;
            }
            skipped += r;
          }
          return skipped;
        }

        private void count(int n) throws ArchiveLimitException {
          entryBytes += n;
          totalBytes += n;
          if (entryBytes > limits.maxEntryBytes()) {
            throw new ArchiveLimitException("entry " + name + " expands to more than " + limits.maxEntryBytes() + " bytes");
          }
          if (totalBytes > limits.maxTotalBytes()) {
            throw new ArchiveLimitException("archive expands to more than " + limits.maxTotalBytes() + " bytes");
          }
          if (compressedBytes > 0 && entryBytes > ArchiveLimits.RATIO_FLOOR
              && entryBytes / compressedBytes > limits.maxRatio()) {
            throw new ArchiveLimitException("entry " + name + " expands more than " + limits.maxRatio()
                + " times its compressed size");
          }
          if (archiveBytes > 0 && totalBytes > ArchiveLimits.RATIO_FLOOR
              && totalBytes / archiveBytes > limits.maxRatio()) {
            throw new ArchiveLimitException("archive expands more than " + limits.maxRatio() + " times its size");
          }
        }
      };
    }
  }
}

package dev.airlock.adapter.local.archive;

import dev.airlock.application.port.out.FetchedArtifact;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Enumeration;
import java.util.Optional;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the entries of a zip, wheel, tar or tar.gz archive as streams, never extracting anything,
 * within {@link ArchiveLimits}. The format is judged from the first bytes.
 */
public final class ArchiveReader {

  /** Receives each entry; {@code content} is empty for non-file entries and must not be closed. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(ArchiveItem item, InputStream content) throws IOException;
  }

  private static final int TAR_HEADER = 512;

  private final ArchiveLimits limits;

  public ArchiveReader(ArchiveLimits limits) {
    this.limits = limits;
  }

  /**
   * Visits every entry in archive order.
   *
   * @throws ArchiveLimitException when a limit is passed
   * @throws IOException when the archive is damaged or not an archive
   */
  public void read(FetchedArtifact artifact, EntryVisitor visitor) throws IOException {
    byte[] head;
    try (InputStream in = artifact.openStream()) {
      head = in.readNBytes(ArchiveMagic.PREFIX);
    }
    ArchiveMagic.Kind kind = ArchiveMagic.detect(head)
        .orElseThrow(() -> new IOException("not a zip, wheel, tar or tar.gz archive"));
    switch (kind) {
      case ZIP -> readZip(artifact, visitor);
      case GZIP -> {
        try (InputStream in = new BufferedInputStream(
            new GzipCompressorInputStream(new BufferedInputStream(artifact.openStream()), true))) {
          readTar(in, visitor, artifact.size());
        }
      }
      case TAR -> {
        try (InputStream in = new BufferedInputStream(artifact.openStream())) {
          readTar(in, visitor, -1);
        }
      }
    }
  }

  private void readZip(FetchedArtifact artifact, EntryVisitor visitor) throws IOException {
    Budget budget = new Budget(artifact.size());
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(artifact.openChannel()).get()) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry entry = entries.nextElement();
        budget.countEntry();
        budget.declared(entry.getName(), entry.getSize(), entry.getCompressedSize());
        ArchiveItem.Type type = entry.isUnixSymlink() ? ArchiveItem.Type.SYMLINK
            : entry.isDirectory() ? ArchiveItem.Type.DIRECTORY : ArchiveItem.Type.FILE;
        if (type == ArchiveItem.Type.FILE) {
          try (InputStream content = budget.bounded(zip.getInputStream(entry), entry.getName(),
              entry.getCompressedSize())) {
            visitor.visit(item(entry, type, Optional.empty()), content);
          }
        } else if (type == ArchiveItem.Type.SYMLINK) {
          String target;
          try (InputStream content = budget.bounded(zip.getInputStream(entry), entry.getName(), -1)) {
            target = new String(content.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
          }
          visitor.visit(item(entry, type, Optional.of(target)), InputStream.nullInputStream());
        } else {
          visitor.visit(item(entry, type, Optional.empty()), InputStream.nullInputStream());
        }
      }
    }
  }

  private void readTar(InputStream in, EntryVisitor visitor, long compressedSize) throws IOException {
    Budget budget = new Budget(compressedSize);
    // A gzip that holds something other than a tar (a bare script, say) must not pass as an empty
    // archive: that would be content nobody inspected.
    in.mark(TAR_HEADER);
    byte[] header = in.readNBytes(TAR_HEADER);
    in.reset();
    if (!TarArchiveInputStream.matches(header, header.length)) {
      throw new IOException("the archive is not a tar (a .tar.gz must hold a tar)");
    }
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
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
        InputStream content = budget.bounded(nonClosing(tar), entry.getName(), -1);
        visitor.visit(item(entry, type, target), content);
        content.transferTo(OutputStream.nullOutputStream()); // the rest is decompressed anyway: count it

      } else {
        visitor.visit(item(entry, type, target), InputStream.nullInputStream());
      }
    }
  }

  private static ArchiveItem item(ArchiveEntry entry, ArchiveItem.Type type, Optional<String> target) {
    return new ArchiveItem(entry.getName(), type, entry.getSize(), target);
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

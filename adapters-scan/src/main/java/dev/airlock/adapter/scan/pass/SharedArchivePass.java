package dev.airlock.adapter.scan.pass;

import dev.airlock.application.port.ArchiveEntry;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.EntryScanner;
import dev.airlock.archive.ArchiveItem;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.ArchiveSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one pass over an archive that every scanner looking inside it shares: the {@link ArchiveReader}'s
 * {@link ArchiveReader#readShared shared read}, within its intake limits, each entry handed to the
 * scans that want it.
 */
public final class SharedArchivePass implements ArchiveEntries {
  private final ArchiveReader reader;

  public SharedArchivePass(ArchiveReader reader) {
    this.reader = reader;
  }

  @Override
  public Map<EntryScanner.EntryScan, Exception> read(FetchedArtifact artifact, List<EntryScanner.EntryScan> scans)
      throws PortException {
    ArchiveSource source =
        ArchiveSource.of(artifact.fileName(), artifact.size(), artifact::openStream, artifact::openChannel);
    List<Reader> readers = scans.stream().map(Reader::new).toList();
    ArchiveReader.SharedResult result;
    try {
      result = reader.readShared(source, readers);
    } catch (IOException e) {
      throw new PortException("archive " + artifact.fileName() + " cannot be read: " + e.getMessage(), e);
    }
    IdentityHashMap<EntryScanner.EntryScan, Exception> failed = new IdentityHashMap<>();
    result.failed().forEach((r, e) -> failed.put(((Reader) r).scan, e));
    // The scans that failed before a limit stay failed; the others hear where the pass stopped.
    result.limit().ifPresent(limit -> scans.stream().filter(scan -> !failed.containsKey(scan))
        .forEach(scan -> scan.limitPassed(limit.getMessage())));
    return failed;
  }

  /** One scan as a reader of the shared pass. */
  private record Reader(EntryScanner.EntryScan scan) implements ArchiveReader.SharedReader {
    @Override
    public boolean wants(ArchiveItem item) {
      return scan.wants(entry(item));
    }

    @Override
    public void visit(ArchiveItem item, InputStream content) throws IOException {
      scan.visit(entry(item), content);
    }
  }

  /** The port's view of an archive entry. */
  private static ArchiveEntry entry(ArchiveItem item) {
    ArchiveEntry.Kind kind = switch (item.type()) {
      case FILE -> ArchiveEntry.Kind.FILE;
      case DIRECTORY -> ArchiveEntry.Kind.DIRECTORY;
      case SYMLINK -> ArchiveEntry.Kind.SYMLINK;
      case HARDLINK -> ArchiveEntry.Kind.HARDLINK;
      case DEVICE -> ArchiveEntry.Kind.DEVICE;
      case OTHER -> ArchiveEntry.Kind.OTHER;
      case NESTED_ARCHIVE -> ArchiveEntry.Kind.NESTED_ARCHIVE;
    };
    return new ArchiveEntry(item.name(), kind, item.declaredSize(), item.linkTarget());
  }
}

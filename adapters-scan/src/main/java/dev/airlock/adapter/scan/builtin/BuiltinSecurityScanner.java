package dev.airlock.adapter.scan.builtin;

import dev.airlock.application.port.ArchiveEntry;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.EntryScanner;
import dev.airlock.archive.ArchiveItem;
import dev.airlock.archive.ArchiveSource;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.scanner.BuiltinScanner;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The built-in scanner library ({@link BuiltinScanner}) as an {@link EntryScanner}: it reads every
 * entry of the archive; an unreadable archive fails the scan, one past an intake limit is a finding.
 */
public final class BuiltinSecurityScanner implements EntryScanner {
  /** The scanner's id, as the configuration names it and its findings carry it. */
  public static final String ID = BuiltinScanner.ID;

  private final BuiltinScanner scanner;

  public BuiltinSecurityScanner(BuiltinScanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    try {
      return scanner.scan(request.name(),
          ArchiveSource.of(artifact.fileName(), artifact.size(), artifact::openStream, artifact::openChannel));
    } catch (IOException e) {
      throw new PortException(e.getMessage(), e);
    }
  }

  @Override
  public EntryScan start(PackageRequest request, FetchedArtifact artifact) {
    BuiltinScanner.Session session = scanner.session(request.name(), artifact.fileName());
    return new EntryScan() {
      @Override
      public boolean wants(ArchiveEntry entry) {
        return true; // names, links and duplicates matter as much as content
      }

      @Override
      public void visit(ArchiveEntry entry, InputStream content) throws IOException {
        session.visit(item(entry), content);
      }

      @Override
      public void limitPassed(String reason) {
        session.limitPassed(reason);
      }

      @Override
      public List<Finding> finish() {
        return session.finish();
      }

      @Override
      public void close() {
        // holds nothing but memory
      }
    };
  }

  private static ArchiveItem item(ArchiveEntry entry) {
    ArchiveItem.Type type = switch (entry.kind()) {
      case FILE -> ArchiveItem.Type.FILE;
      case DIRECTORY -> ArchiveItem.Type.DIRECTORY;
      case SYMLINK -> ArchiveItem.Type.SYMLINK;
      case HARDLINK -> ArchiveItem.Type.HARDLINK;
      case DEVICE -> ArchiveItem.Type.DEVICE;
      case OTHER -> ArchiveItem.Type.OTHER;
      case NESTED_ARCHIVE -> ArchiveItem.Type.NESTED_ARCHIVE;
    };
    return new ArchiveItem(entry.name(), type, entry.declaredSize(), entry.linkTarget());
  }
}

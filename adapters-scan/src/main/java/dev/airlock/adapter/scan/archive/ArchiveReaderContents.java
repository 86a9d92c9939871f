package dev.airlock.adapter.scan.archive;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArchiveContents;
import dev.airlock.archive.ArchiveItem;
import dev.airlock.archive.ArchiveLimitException;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.ArchiveSource;
import java.io.IOException;

/** {@link ArchiveContents} read by the {@link ArchiveReader}, so every scanner is held to the same intake limits. */
public final class ArchiveReaderContents implements ArchiveContents {
  private final ArchiveReader reader;

  public ArchiveReaderContents(ArchiveReader reader) {
    this.reader = reader;
  }

  @Override
  public void forEachFile(FetchedArtifact artifact, FileVisitor visitor) throws PortException {
    try {
      ArchiveSource source =
          ArchiveSource.of(artifact.fileName(), artifact.size(), artifact::openStream, artifact::openChannel);
      reader.read(source, (item, content) -> {
        if (item.type() == ArchiveItem.Type.FILE) {
          visitor.visit(item.name(), item.declaredSize(), content);
        }
      });
    } catch (ArchiveLimitException e) {
      throw new PortException("archive " + artifact.fileName() + " passes an intake limit: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PortException("archive " + artifact.fileName() + " cannot be read: " + e.getMessage(), e);
    }
  }
}

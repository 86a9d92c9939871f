package dev.airlock.application.port.out;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the entries of a fetched archive as streams, within the intake limits, never extracting
 * anything. Scanners that need only some files (manifests, say) pick them by path.
 */
public interface ArchiveContents {

  /** Receives each regular file of the archive; {@code content} is open only during the call. */
  @FunctionalInterface
  interface FileVisitor {
    /**
     * One file.
     *
     * @param path the entry's path as written in the archive (untrusted: never used as a file name)
     * @param size the size the archive declares, or -1 when it declares none
     * @param content the file's bytes, counted against the intake limits as they are read
     */
    void visit(String path, long size, InputStream content) throws IOException;
  }

  /**
   * Visits every regular file in archive order; directories and links are not visited.
   *
   * @throws PortException when the archive is damaged, passes an intake limit, or the visitor fails
   */
  void forEachFile(FetchedArtifact artifact, FileVisitor visitor) throws PortException;
}

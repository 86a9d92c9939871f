package dev.airlock.application.port.out;

import dev.airlock.application.port.ArchiveEntry;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A scanner that looks inside the archive (built-in rules, SBOM manifests, unpacking for a tool).
 * Every entry scanner of a scan is fed from one {@link ArchiveEntries} pass, so an archive is read,
 * and its intake limits enforced, once however many scanners look inside it. Its
 * {@link #scan(PackageRequest, FetchedArtifact)} still reads the archive on its own, for callers that
 * use it alone.
 */
public interface EntryScanner extends SecurityScanner {

  /**
   * Starts scanning {@code artifact}: the returned scan is fed the entries it wants, then finished,
   * then closed.
   *
   * @throws PortException when the scan cannot start (no temporary folder, say)
   */
  EntryScan start(PackageRequest request, FetchedArtifact artifact) throws PortException;

  /** One scanner's scan of one archive, fed entry by entry. */
  interface EntryScan extends AutoCloseable {

    /** Whether this scan wants {@code entry} (asked of every entry, in archive order). */
    boolean wants(ArchiveEntry entry);

    /**
     * An entry it wants; {@code content} holds a file's bytes (empty for other kinds), is open only
     * during the call and is not closed by the scan.
     *
     * @throws IOException when this scan cannot go on; it is offered nothing more and ends in ERROR
     */
    void visit(ArchiveEntry entry, InputStream content) throws IOException;

    /**
     * The pass stopped at an intake limit ({@code reason}): the archive is a bomb or far too large,
     * and the entries seen so far are all there will be. Each scanner says what that means for it
     * (a finding, or a failure at {@link #finish()}).
     */
    void limitPassed(String reason);

    /**
     * The findings, once every entry has been offered.
     *
     * @throws PortException when the scan could not finish
     */
    List<Finding> finish() throws PortException;

    /** Releases what the scan holds (temporary files); never throws. */
    @Override
    void close();
  }
}

package dev.airlock.application.port.out;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import java.util.List;
import java.util.Map;

/**
 * Reads an archive's entries once, within the intake limits (entry count, sizes, expansion ratio,
 * nesting), and hands each entry to every {@link EntryScanner.EntryScan} that wants it.
 */
public interface ArchiveEntries {

  /**
   * One pass over {@code artifact} feeding {@code scans}. A scan whose {@code wants} or {@code visit}
   * throws is offered nothing more and the pass goes on for the others. When an intake limit is
   * passed the pass stops there and every scan still going is told
   * ({@link EntryScanner.EntryScan#limitPassed}); that is not a failure of the pass.
   *
   * @return each scan that failed, with what it threw; empty when every scan saw all it wanted
   * @throws PortException when the archive cannot be read (damaged, truncated, not an archive): no
   *     scan saw the whole archive
   */
  Map<EntryScanner.EntryScan, Exception> read(FetchedArtifact artifact, List<EntryScanner.EntryScan> scans)
      throws PortException;
}

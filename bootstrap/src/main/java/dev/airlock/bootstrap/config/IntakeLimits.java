package dev.airlock.bootstrap.config;

import dev.airlock.adapter.intake.fetch.FetchSettings;
import dev.airlock.archive.ArchiveLimits;
import java.time.Duration;

/**
 * The configurable bounds on fetching and unpacking one archive; the rest of the limits keep their
 * defaults (see README, Limits).
 *
 * @param maxDownloadBytes largest archive downloaded
 * @param downloadTimeout longest one whole download may take
 * @param stallTimeout longest wait for the next bytes of a download
 * @param maxUnpackedBytes most uncompressed bytes read from one archive, nested archives included
 * @param maxArchiveEntries most entries read from one archive, nested archives included
 * @param maxArchiveNesting levels of archives inside the archive that are opened
 */
public record IntakeLimits(
    long maxDownloadBytes,
    Duration downloadTimeout,
    Duration stallTimeout,
    long maxUnpackedBytes,
    int maxArchiveEntries,
    int maxArchiveNesting) {

  /** The built-in defaults. */
  public static IntakeLimits defaults() {
    return new IntakeLimits(FetchSettings.DEFAULT_MAX_BYTES, FetchSettings.DEFAULT_REQUEST_TIMEOUT,
        FetchSettings.DEFAULT_STALL_TIMEOUT, ArchiveLimits.DEFAULT_MAX_TOTAL_BYTES, ArchiveLimits.DEFAULT_MAX_ENTRIES,
        ArchiveLimits.DEFAULT_MAX_NESTING);
  }

  /** The fetcher's settings: these limits on top of {@code base}. */
  public FetchSettings applyTo(FetchSettings base) {
    return base.withMaxBytes(maxDownloadBytes).withTimeouts(base.connectTimeout(), stallTimeout, downloadTimeout);
  }

  /** The archive reader's limits: these, with the default per-entry size and expansion ratio. */
  public ArchiveLimits archiveLimits() {
    return new ArchiveLimits(maxArchiveEntries, maxUnpackedBytes, ArchiveLimits.DEFAULT_MAX_ENTRY_BYTES,
        ArchiveLimits.DEFAULT_RATIO, maxArchiveNesting);
  }
}

package dev.airlock.bootstrap.config;

import dev.airlock.adapter.intake.fetch.FetchSettings;
import dev.airlock.archive.ArchiveLimits;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * The configurable bounds on fetching and unpacking one archive, each defaulting to the adapters'
 * own default; the rest of the limits keep theirs (see docs/security.md, Limits).
 */
@Value.Immutable
public abstract class IntakeLimits {

  /** Largest archive downloaded. */
  @Value.Default
  public long maxDownloadBytes() {
    return FetchSettings.DEFAULT_MAX_BYTES;
  }

  /** Longest one whole download may take. */
  @Value.Default
  public Duration downloadTimeout() {
    return FetchSettings.DEFAULT_REQUEST_TIMEOUT;
  }

  /** Longest wait for the next bytes of a download. */
  @Value.Default
  public Duration stallTimeout() {
    return FetchSettings.DEFAULT_STALL_TIMEOUT;
  }

  /** Most uncompressed bytes read from one archive, nested archives included. */
  @Value.Default
  public long maxUnpackedBytes() {
    return ArchiveLimits.DEFAULT_MAX_TOTAL_BYTES;
  }

  /** Most entries read from one archive, nested archives included. */
  @Value.Default
  public int maxArchiveEntries() {
    return ArchiveLimits.DEFAULT_MAX_ENTRIES;
  }

  /** Levels of archives inside the archive that are opened. */
  @Value.Default
  public int maxArchiveNesting() {
    return ArchiveLimits.DEFAULT_MAX_NESTING;
  }

  /** The fetcher's settings: these limits on top of {@code base}. */
  public FetchSettings applyTo(FetchSettings base) {
    return base.withMaxBytes(maxDownloadBytes()).withTimeouts(base.connectTimeout(), stallTimeout(), downloadTimeout());
  }

  /** The archive reader's limits: these, with the default per-entry size and expansion ratio. */
  public ArchiveLimits archiveLimits() {
    return new ArchiveLimits(maxArchiveEntries(), maxUnpackedBytes(), ArchiveLimits.DEFAULT_MAX_ENTRY_BYTES,
        ArchiveLimits.DEFAULT_RATIO, maxArchiveNesting());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link IntakeLimits}. */
  public static final class Builder extends ImmutableIntakeLimits.Builder {}
}

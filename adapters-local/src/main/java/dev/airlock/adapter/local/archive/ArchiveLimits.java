package dev.airlock.adapter.local.archive;

/**
 * Bounds on what reading one archive may cost.
 *
 * @param maxEntries most entries read
 * @param maxTotalBytes most uncompressed bytes, summed over entries
 * @param maxEntryBytes most uncompressed bytes in one entry
 * @param maxRatio most times the archive (or a zip entry) may expand, once past {@link #RATIO_FLOOR}
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxRatio) {
  /** Expansion below this many bytes is never judged by ratio: small files compress very well. */
  public static final long RATIO_FLOOR = 100L * 1024 * 1024;
  /** Default expansion ratio: text compresses 5 to 20 times; bombs, thousands of times. */
  public static final int DEFAULT_RATIO = 200;

  public ArchiveLimits {
    if (maxEntries < 1 || maxTotalBytes < 1 || maxEntryBytes < 1 || maxRatio < 1) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
  }

  /** Limits with the default expansion ratio. */
  public ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes) {
    this(maxEntries, maxTotalBytes, maxEntryBytes, DEFAULT_RATIO);
  }

  /** 100 000 entries, 4 GiB in all, 1 GiB per entry, 200 times expansion past 100 MiB. */
  public static ArchiveLimits defaults() {
    return new ArchiveLimits(100_000, 4L * 1024 * 1024 * 1024, 1024L * 1024 * 1024, DEFAULT_RATIO);
  }
}

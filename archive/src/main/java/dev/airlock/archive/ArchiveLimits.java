package dev.airlock.archive;

/**
 * Bounds on what reading one archive may cost; archives nested inside it count against the same bounds.
 *
 * @param maxEntries most entries read, nested archives' entries included
 * @param maxTotalBytes most uncompressed bytes, summed over entries at every level
 * @param maxEntryBytes most uncompressed bytes in one entry
 * @param maxRatio most times the archive (or a zip entry) may expand, once past {@link #RATIO_FLOOR}
 * @param maxNesting most levels of archives inside the archive that are opened; one nested deeper is
 *     reported as {@link ArchiveItem.Type#NESTED_ARCHIVE} and not read
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxRatio, int maxNesting) {
  /** Expansion below this many bytes is never judged by ratio: small files compress very well. */
  public static final long RATIO_FLOOR = 100L * 1024 * 1024;
  /** Default expansion ratio: text compresses 5 to 20 times; bombs, thousands of times. */
  public static final int DEFAULT_RATIO = 200;
  /** Default entry count. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;
  /** Default uncompressed total: 4 GiB. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 4L * 1024 * 1024 * 1024;
  /** Default uncompressed size of one entry: 1 GiB. */
  public static final long DEFAULT_MAX_ENTRY_BYTES = 1024L * 1024 * 1024;
  /** Default nesting: an archive in an archive in the package is opened; one level deeper is a finding. */
  public static final int DEFAULT_MAX_NESTING = 2;

  public ArchiveLimits {
    if (maxEntries < 1 || maxTotalBytes < 1 || maxEntryBytes < 1 || maxRatio < 1) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
    if (maxNesting < 0) {
      throw new IllegalArgumentException("archive nesting limit must not be negative");
    }
  }

  /** Limits with the default nesting depth. */
  public ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes, int maxRatio) {
    this(maxEntries, maxTotalBytes, maxEntryBytes, maxRatio, DEFAULT_MAX_NESTING);
  }

  /** Limits with the default expansion ratio and nesting depth. */
  public ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes) {
    this(maxEntries, maxTotalBytes, maxEntryBytes, DEFAULT_RATIO, DEFAULT_MAX_NESTING);
  }

  /** 100 000 entries, 4 GiB in all, 1 GiB per entry, 200 times expansion past 100 MiB, 2 levels of nesting. */
  public static ArchiveLimits defaults() {
    return new ArchiveLimits(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_RATIO,
        DEFAULT_MAX_NESTING);
  }
}

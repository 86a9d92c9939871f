package dev.airlock.adapter.local.archive;

/**
 * Bounds on what reading one archive may cost.
 *
 * @param maxEntries most entries read
 * @param maxTotalBytes most uncompressed bytes, summed over entries
 * @param maxEntryBytes most uncompressed bytes in one entry
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, long maxEntryBytes) {
  public ArchiveLimits {
    if (maxEntries < 1 || maxTotalBytes < 1 || maxEntryBytes < 1) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
  }

  /** 100 000 entries, 4 GiB in all, 1 GiB per entry. */
  public static ArchiveLimits defaults() {
    return new ArchiveLimits(100_000, 4L * 1024 * 1024 * 1024, 1024L * 1024 * 1024);
  }
}

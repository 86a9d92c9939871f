package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.IntakeLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Bounds on unpacking one archive, for {@code run} and {@code scan}; nested archives count against them. */
final class ArchiveLimitOptions {
  @Option(names = "--max-unpacked-size", defaultValue = "4GiB", paramLabel = "SIZE",
      description = "Most uncompressed bytes read from one archive, nested archives included; past it the archive "
          + "is a bomb (CRITICAL). Env: AIRLOCK_MAX_UNPACKED_SIZE. Default: ${DEFAULT-VALUE}.")
  String maxUnpackedSize;

  @Option(names = "--max-archive-entries", defaultValue = "100000", paramLabel = "N",
      description = "Most entries read from one archive, nested archives included; past it the archive is a bomb "
          + "(CRITICAL). Env: AIRLOCK_MAX_ARCHIVE_ENTRIES. Default: ${DEFAULT-VALUE}.")
  int maxArchiveEntries;

  @Option(names = "--max-archive-nesting", defaultValue = "2", paramLabel = "N",
      description = "Levels of archives inside the archive that are opened and scanned; one deeper is a MEDIUM "
          + "finding. Env: AIRLOCK_MAX_ARCHIVE_NESTING. Default: ${DEFAULT-VALUE}.")
  int maxArchiveNesting;

  /** The intake limits these options and the download bounds describe. */
  IntakeLimits limits(long maxDownloadBytes, Duration downloadTimeout, Duration stallTimeout) {
    return new IntakeLimits(maxDownloadBytes, downloadTimeout, stallTimeout,
        ByteSizes.parse("--max-unpacked-size", maxUnpackedSize),
        atLeast("--max-archive-entries", maxArchiveEntries, 1),
        atLeast("--max-archive-nesting", maxArchiveNesting, 0));
  }

  /** The intake limits of a command that downloads nothing. */
  IntakeLimits limits() {
    IntakeLimits defaults = IntakeLimits.defaults();
    return limits(defaults.maxDownloadBytes(), defaults.downloadTimeout(), defaults.stallTimeout());
  }

  private static int atLeast(String option, int value, int min) {
    if (value < min) {
      throw new ConfigurationException(option + " must be at least " + min + ", was " + value);
    }
    return value;
  }
}

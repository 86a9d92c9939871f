package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.Logging;
import dev.airlock.bootstrap.config.IntakeLimits;
import dev.airlock.configuration.Catalogue;

/** Settings {@code run} and {@code scan} read the same way. */
final class SharedSettings {
  private SharedSettings() {}

  /** Sets the log level {@code --log-level} (or {@code -v}) asks for. */
  static void applyLogLevel(Values values) {
    String level = values.choice(Catalogue.LOG_LEVEL);
    Logging.level(values.flag(Catalogue.VERBOSE) ? "debug" : level);
  }

  /** Whether results are one JSON document. */
  static boolean json(Values values) {
    return values.choice(Catalogue.FORMAT).equals("json");
  }

  /** The archive limits both commands take, on top of the defaults. */
  static IntakeLimits.Builder archiveLimits(Values values) {
    return IntakeLimits.builder()
        .maxUnpackedBytes(values.size(Catalogue.MAX_UNPACKED_SIZE))
        .maxArchiveEntries(values.count(Catalogue.MAX_ARCHIVE_ENTRIES, 1, Integer.MAX_VALUE))
        .maxArchiveNesting(values.count(Catalogue.MAX_ARCHIVE_NESTING, 0, Integer.MAX_VALUE));
  }
}

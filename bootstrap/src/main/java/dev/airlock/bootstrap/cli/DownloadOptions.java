package dev.airlock.bootstrap.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Bounds on one download, for {@code run}. */
final class DownloadOptions {
  @Option(names = "--max-download-size", defaultValue = "512MiB", paramLabel = "SIZE",
      description = "Largest archive downloaded (bytes, or KiB/MiB/GiB); reading stops past it. "
          + "Env: AIRLOCK_MAX_DOWNLOAD_SIZE. Default: ${DEFAULT-VALUE}.")
  String maxDownloadSize;

  @Option(names = "--download-timeout", defaultValue = "PT10M", paramLabel = "DURATION",
      description = "Longest one whole download may take, redirects included (ISO-8601). "
          + "Env: AIRLOCK_DOWNLOAD_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  String downloadTimeout;

  @Option(names = "--stall-timeout", defaultValue = "PT30S", paramLabel = "DURATION",
      description = "Longest wait for the next bytes of a download before it counts as stalled (ISO-8601). "
          + "Env: AIRLOCK_STALL_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  String stallTimeout;

  long maxDownloadBytes() {
    return ByteSizes.parse("--max-download-size", maxDownloadSize);
  }

  Duration downloadTimeout() {
    return Durations.parse("--download-timeout", downloadTimeout);
  }

  Duration stallTimeout() {
    return Durations.parse("--stall-timeout", stallTimeout);
  }
}

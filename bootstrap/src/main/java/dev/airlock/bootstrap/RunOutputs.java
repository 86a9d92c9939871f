package dev.airlock.bootstrap;

import dev.airlock.application.port.out.ProgressListener;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code airlock run} shows besides its result: where reports go and who hears progress.
 *
 * @param reportDir the report folder, when not {@code <data-dir>/reports}
 * @param progress hears what each request is doing
 */
public record RunOutputs(Optional<Path> reportDir, ProgressListener progress) {

  public RunOutputs {
    Objects.requireNonNull(reportDir, "reportDir");
    Objects.requireNonNull(progress, "progress");
  }

  /** Reports in the default folder, progress shown nowhere. */
  public static RunOutputs defaults() {
    return new RunOutputs(Optional.empty(), ProgressListener.none());
  }
}

package dev.airlock.application.port.out;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestStage;
import dev.airlock.domain.PackageRequest;

/**
 * Hears how far a run has got with each request, so a console can show progress. Called from the
 * request's own thread; implementations must be thread-safe and must never throw.
 */
public interface ProgressListener {

  /** The request moved to {@code stage}. */
  void stage(PackageRequest request, RequestStage stage);

  /** {@code bytes} of the request's archive have been downloaded so far. */
  default void fetched(PackageRequest request, long bytes) {}

  /** The request is finished, whatever its outcome. */
  default void finished(RequestOutcome outcome) {}

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return (request, stage) -> {};
  }
}

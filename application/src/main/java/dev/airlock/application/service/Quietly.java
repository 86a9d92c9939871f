package dev.airlock.application.service;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.PackageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The calls of a request's work whose failure must change nothing: each failure is logged, never thrown. */
final class Quietly {
  private static final Logger LOG = LoggerFactory.getLogger(Quietly.class);

  private Quietly() {}

  /**
   * Tells the progress listener something. A display that fails must not turn a decision (or a
   * publication already made) into an ERROR, nor lose the outcome: its failure is only logged.
   */
  static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("progress display failed: {}", Failures.describe(e));
    }
  }

  /** A temporary file that cannot be deleted is worth a warning, not a changed decision. */
  static void release(PackageRequest request, FetchedArtifact artifact) {
    try {
      artifact.close();
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot release the fetched archive: {}", request.name(), Failures.describe(e));
    }
  }
}

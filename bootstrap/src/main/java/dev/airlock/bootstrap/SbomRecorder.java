package dev.airlock.bootstrap;

import dev.airlock.adapter.aws.inspector.GeneratedSbom;
import dev.airlock.domain.Sha256;
import java.util.Optional;

/**
 * Keeps the SBOM the Inspector scanner built last, so {@code scan --sbom-out} writes that one instead
 * of reading the archive to build it again. One slot: memory stays flat however many archives a run scans.
 */
public final class SbomRecorder {
  private GeneratedSbom last;

  /** Remembers {@code sbom}, forgetting the one before. */
  public synchronized void record(GeneratedSbom sbom) {
    last = sbom;
  }

  /** The SBOM built last, if it describes the archive with this SHA-256. */
  public synchronized Optional<GeneratedSbom> lastFor(Sha256 sha256) {
    return Optional.ofNullable(last).filter(sbom -> sbom.sha256().equals(sha256));
  }
}

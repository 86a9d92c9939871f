package dev.airlock.application.port.out;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import java.util.List;

/** Finds problems in one archive. May be slow (remote scans); a failure means no verdict, never approval. */
public interface SecurityScanner {

  /** The scanner's id as configured and as reported on findings ({@code builtin}). */
  String id();

  /**
   * Every finding in the archive. An empty list means the scanner finished and found nothing.
   *
   * @throws PortException when the scan could not finish
   */
  List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException;
}

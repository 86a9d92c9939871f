package dev.airlock.application.port.in;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.PackageRequest;
import java.util.Objects;

/**
 * Input of a one-off scan.
 *
 * @param request names the package (its URL says where the archive came from)
 * @param artifact the archive to scan; the caller closes it
 */
public record ScanArchiveCommand(PackageRequest request, FetchedArtifact artifact) {
  public ScanArchiveCommand {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(artifact, "artifact");
  }
}

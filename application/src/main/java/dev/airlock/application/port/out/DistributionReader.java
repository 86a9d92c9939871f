package dev.airlock.application.port.out;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Distribution;

/**
 * Says what an approved archive is from its own metadata (a Python sdist or wheel, an npm tarball,
 * or a generic archive), so it is published under its real name and version, never the URL's.
 */
public interface DistributionReader {

  /**
   * What {@code artifact} is. An archive that holds no package metadata is generic: named
   * {@code requestedName}, version {@code fallbackVersion}.
   *
   * @throws PortException when the archive cannot be read, or its metadata is there but unreadable or
   *     invalid (nothing pip or npm could install)
   */
  Distribution read(FetchedArtifact artifact, String requestedName, String fallbackVersion) throws PortException;
}

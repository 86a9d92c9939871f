package dev.airlock.adapter.osv;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import java.util.Optional;

/** Tells which registry package an archive is, so OSV can be asked about it; empty when it cannot tell. */
@FunctionalInterface
public interface PackageIdentifier {

  /**
   * The archive's ecosystem, name and version, if they can be known.
   *
   * @throws PortException when the archive cannot be read to find out
   */
  Optional<PackageCoordinates> identify(PackageRequest request, FetchedArtifact artifact) throws PortException;

  /**
   * Identifies an archive by its own metadata, as {@code reader} reads it (the same reading that
   * decides what a package is published as): a Python sdist or wheel is the PyPI project its
   * {@code PKG-INFO}/{@code METADATA} names (PEP 503 normal form) at its version, an npm tarball the
   * npm package its {@code package.json} names. A generic archive (a GitHub source archive, say)
   * is no registry's package and is not identified.
   */
  static PackageIdentifier fromMetadata(DistributionReader reader) {
    return (request, artifact) -> {
      // A generic archive's version would be this placeholder; it is never asked about.
      Distribution distribution = reader.read(artifact, request.name(), "0");
      return switch (distribution.kind()) {
        case PYTHON_SDIST, PYTHON_WHEEL -> Optional.of(
            new PackageCoordinates(Ecosystem.PYPI, distribution.normalisedName(), distribution.version()));
        case NPM_TARBALL -> Optional.of(new PackageCoordinates(Ecosystem.NPM, distribution.name(), distribution.version()));
        case GENERIC -> Optional.empty();
      };
    };
  }
}

package dev.airlock.adapter.osv;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.PackageVersions;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
   * Identifies an archive by its request: the name as requested, the version the URL's file name
   * carries, and the ecosystem its registry host or file type implies ({@code .whl}, sdists: PyPI;
   * {@code .tgz}: npm). GitHub source archives are no registry's package and are not identified.
   */
  static PackageIdentifier fromRequest() {
    return (request, artifact) -> fromUrl(request);
  }

  private static Optional<PackageCoordinates> fromUrl(PackageRequest request) {
    URI url = request.url();
    Optional<String> version = PackageVersions.fromUrl(url);
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String host = Optional.ofNullable(url.getHost()).orElse("").toLowerCase(Locale.ROOT);
    Set<String> pypiHosts = Set.of("files.pythonhosted.org", "pypi.org", "pypi.python.org");
    Set<String> githubHosts = Set.of("github.com", "codeload.github.com", "objects.githubusercontent.com");
    Optional<Ecosystem> ecosystem;
    if (pypiHosts.contains(host)) {
      ecosystem = Optional.of(Ecosystem.PYPI);
    } else if (host.equals("registry.npmjs.org")) {
      ecosystem = Optional.of(Ecosystem.NPM);
    } else if (githubHosts.contains(host)) {
      ecosystem = Optional.empty();
    } else {
      // file:packages/x-1.0.tar.gz is opaque: its path is the scheme-specific part.
      String path = Optional.ofNullable(url.getPath()).orElse(Optional.ofNullable(url.getSchemeSpecificPart()).orElse(""));
      ecosystem = ArchiveNames.extension(path.substring(path.lastIndexOf('/') + 1))
          .map(extension -> extension.equals(".tgz") ? Ecosystem.NPM : Ecosystem.PYPI);
    }
    return ecosystem.map(e -> new PackageCoordinates(e,
        e == Ecosystem.PYPI ? PackageNames.normalise(request.name()) : request.name().toLowerCase(Locale.ROOT),
        version.get()));
  }
}

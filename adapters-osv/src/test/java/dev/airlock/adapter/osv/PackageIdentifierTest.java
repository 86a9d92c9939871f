package dev.airlock.adapter.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.application.testing.ScriptedDistributionReader;
import dev.airlock.domain.CoreMetadata;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which registry package version an archive's own metadata names, as the OSV scanner asks about it. */
class PackageIdentifierTest {
  private static final PackageRequest REQUEST = PackageRequest.builder().name("requested-name")
      .url(URI.create("https://files.pythonhosted.org/packages/x/whatever-9.9.9.tar.gz")).build();
  private static final InMemoryFetchedArtifact ARCHIVE = new InMemoryFetchedArtifact("a.tar.gz", new byte[] {1});

  private static Optional<PackageCoordinates> identify(ScriptedDistributionReader reader) throws PortException {
    return PackageIdentifier.fromMetadata(reader).identify(REQUEST, ARCHIVE);
  }

  @Test
  void shouldAskAboutThePyPiProjectTheMetadataNamesWhenTheArchiveIsAPythonDistribution() throws Exception {
    Distribution sdist = Distribution.builder().kind(Distribution.Kind.PYTHON_SDIST).name("Flask_Login")
        .version("0.6.3").fileName("flask_login-0.6.3.tar.gz")
        .coreMetadata(CoreMetadata.parse("Metadata-Version: 2.1\nName: Flask_Login\nVersion: 0.6.3\n", "PKG-INFO"))
        .build();

    assertThat(identify(ScriptedDistributionReader.generic().identifyingAs(sdist)))
        .map(PackageCoordinates::toString).contains("PyPI:flask-login@0.6.3");
  }

  @Test
  void shouldAskAboutTheScopedNpmPackageWhenTheArchiveIsAnNpmTarball() throws Exception {
    Distribution tarball = Distribution.builder().kind(Distribution.Kind.NPM_TARBALL).name("@acme/left-pad")
        .version("1.3.0").fileName("acme-left-pad-1.3.0.tgz")
        .npmManifest("{\"name\":\"@acme/left-pad\",\"version\":\"1.3.0\"}")
        .build();

    assertThat(identify(ScriptedDistributionReader.generic().identifyingAs(tarball)))
        .map(PackageCoordinates::toString).contains("npm:@acme/left-pad@1.3.0");
  }

  @Test
  void shouldNotIdentifyAnArchiveWithoutPackageMetadataWhateverItsUrlSays() throws Exception {
    assertThat(identify(ScriptedDistributionReader.generic())).isEmpty();
  }

  @Test
  void shouldFailWhenTheMetadataCannotBeRead() {
    ScriptedDistributionReader broken = ScriptedDistributionReader.generic()
        .failingWith(new PortException("a.tar.gz: PKG-INFO has no Version"));

    assertThatThrownBy(() -> identify(broken)).isInstanceOf(PortException.class).hasMessageContaining("no Version");
  }
}

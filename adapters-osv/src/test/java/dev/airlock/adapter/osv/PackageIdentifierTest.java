package dev.airlock.adapter.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.PackageRequest;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which registry package version a request names, as the OSV scanner asks about it. */
class PackageIdentifierTest {

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "Flask_Login, https://files.pythonhosted.org/packages/x/Flask_Login-0.6.3.tar.gz, PyPI:flask-login@0.6.3",
      "numpy, https://files.pythonhosted.org/packages/x/numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl, PyPI:numpy@2.1.0",
      "lodash, https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz, npm:lodash@4.17.21",
      "left-pad, file:///tmp/packages/left-pad-1.3.0.tgz, npm:left-pad@1.3.0",
      "tidy-stats, file:///tmp/packages/tidy-stats-1.0.0.tar.gz, PyPI:tidy-stats@1.0.0",
      "tidy-stats, file:packages/tidy-stats-1.0.0.tar.gz, PyPI:tidy-stats@1.0.0",
      "tool, https://codeload.github.com/acme/tool/tar.gz/v1.2.0.tar.gz, none",
      "tool, https://github.com/acme/tool/archive/refs/tags/v1.2.0.zip, none",
      "tool, https://files.pythonhosted.org/packages/x/tool.tar.gz, none"})
  void shouldIdentifyTheRequestedPackageVersion(String name, String url, String expected) throws Exception {
    PackageRequest request = PackageRequest.builder().name(name).url(URI.create(url)).build();

    Optional<PackageCoordinates> coordinates = PackageIdentifier.fromRequest()
        .identify(request, new InMemoryFetchedArtifact("a.tar.gz", new byte[0]));

    assertThat(coordinates.map(PackageCoordinates::toString)).isEqualTo(Optional.ofNullable(expected));
  }
}

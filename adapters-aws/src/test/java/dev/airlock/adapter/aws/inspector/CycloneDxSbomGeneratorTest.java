package dev.airlock.adapter.aws.inspector;

import static dev.airlock.adapter.aws.testing.AwsTestData.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.PackageRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The CycloneDX 1.5 SBOM built from the manifests found in an archive. */
class CycloneDxSbomGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static TextArchive pythonProject() {
    return new TextArchive()
        .with("weatherly-1.4.0/README.md", "# weatherly\n")
        .with("weatherly-1.4.0/pyproject.toml", fixture(CycloneDxSbomGeneratorTest.class, "python-project/pyproject.toml"))
        .with("weatherly-1.4.0/requirements.txt",
            fixture(CycloneDxSbomGeneratorTest.class, "python-project/requirements.txt"))
        .with("weatherly-1.4.0/poetry.lock", fixture(CycloneDxSbomGeneratorTest.class, "python-project/poetry.lock"));
  }

  static TextArchive npmPackage() {
    return new TextArchive()
        .with("package/package.json", fixture(CycloneDxSbomGeneratorTest.class, "npm-package/package.json"))
        .with("package/package-lock.json", fixture(CycloneDxSbomGeneratorTest.class, "npm-package/package-lock.json"))
        .with("package/index.js", "module.exports = require('./lib/express');\n");
  }

  static PackageRequest pypi(String name, String version) {
    return PackageRequest.builder().name(name)
        .url(URI.create("https://files.pythonhosted.org/packages/source/w/" + name + "/" + name + "-" + version
            + ".tar.gz"))
        .build();
  }

  static PackageRequest npm(String name, String version) {
    return PackageRequest.builder().name(name)
        .url(URI.create("https://registry.npmjs.org/" + name + "/-/" + name + "-" + version + ".tgz"))
        .build();
  }

  private static JsonNode generate(TextArchive contents, PackageRequest request, String fileName)
      throws Exception {
    GeneratedSbom sbom = TextArchive.generator().generate(request, contents.artifact(fileName));
    return JSON.readTree(sbom.toJson());
  }

  private static List<String> purls(JsonNode sbom) {
    List<String> purls = new ArrayList<>();
    sbom.path("components").forEach(c -> purls.add(c.path("purl").asText()));
    return purls;
  }

  private static JsonNode component(JsonNode sbom, String purl) {
    for (JsonNode c : sbom.path("components")) {
      if (c.path("purl").asText().equals(purl)) {
        return c;
      }
    }
    throw new AssertionError("no component " + purl + " in " + purls(sbom));
  }

  private static String property(JsonNode component, String name) {
    for (JsonNode p : component.path("properties")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("value").asText();
      }
    }
    return null;
  }

  @Nested
  @DisplayName("a Python project with pyproject.toml, requirements.txt and poetry.lock")
  class PythonProject {

    @Test
    void shouldListEveryDependencyOncePinnedByTheLockWhenTheManifestsOverlap() throws Exception {
      // When
      JsonNode sbom = generate(pythonProject(), pypi("weatherly", "1.4.0"), "weatherly-1.4.0.tar.gz");

      // Then
      assertThat(purls(sbom)).containsExactly(
          "pkg:pypi/certifi@2023.7.22",
          "pkg:pypi/charset-normalizer@3.2.0",
          "pkg:pypi/idna@3.4",
          "pkg:pypi/jinja2@3.1.2",
          "pkg:pypi/markupsafe@2.1.3",
          "pkg:pypi/pandas",
          "pkg:pypi/pytest",
          "pkg:pypi/python-dateutil@2.8.2",
          "pkg:pypi/pyyaml@5.3.1",
          "pkg:pypi/redis@4.5.4",
          "pkg:pypi/requests@2.28.2",
          "pkg:pypi/responses@0.23.1",
          "pkg:pypi/six@1.16.0",
          "pkg:pypi/typing-extensions",
          "pkg:pypi/urllib3@1.26.4",
          "pkg:pypi/weatherly@1.4.0");
    }

    @Test
    void shouldMarkRangesAsUnpinnedAndExtrasAsOptionalWhenNoLockPinsThem() throws Exception {
      // When
      JsonNode sbom = generate(pythonProject(), pypi("weatherly", "1.4.0"), "weatherly-1.4.0.tar.gz");

      // Then
      JsonNode pandas = component(sbom, "pkg:pypi/pandas");
      assertThat(pandas.has("version")).isFalse();
      assertThat(property(pandas, CycloneDxSbomGenerator.UNPINNED)).isEqualTo("true");
      assertThat(pandas.path("scope").asText()).isEqualTo("optional");
      JsonNode requests = component(sbom, "pkg:pypi/requests@2.28.2");
      assertThat(property(requests, CycloneDxSbomGenerator.UNPINNED)).isNull();
      assertThat(requests.path("scope").asText()).isEqualTo("required");
      assertThat(property(component(sbom, "pkg:pypi/urllib3@1.26.4"), CycloneDxSbomGenerator.MANIFEST))
          .isEqualTo("weatherly-1.4.0/requirements.txt");
    }

    @Test
    void shouldDescribeThePackageItselfAsTheMetadataComponentWhenPyprojectNamesIt() throws Exception {
      // When
      JsonNode sbom = generate(pythonProject(), pypi("weatherly", "1.4.0"), "weatherly-1.4.0.tar.gz");

      // Then
      JsonNode metadata = sbom.path("metadata").path("component");
      assertThat(metadata.path("purl").asText()).isEqualTo("pkg:pypi/weatherly@1.4.0");
      assertThat(metadata.path("type").asText()).isEqualTo("library");
      assertThat(property(component(sbom, "pkg:pypi/weatherly@1.4.0"), CycloneDxSbomGenerator.ROLE))
          .isEqualTo("package");
    }

    @Test
    void shouldWriteAValidCycloneDx15DocumentWhenGeneratingForAProject() throws Exception {
      // Given
      GeneratedSbom sbom = TextArchive.generator()
          .generate(pypi("weatherly", "1.4.0"), pythonProject().artifact("weatherly-1.4.0.tar.gz"));

      // When
      byte[] json = sbom.toJson();

      // Then
      assertThat(new JsonParser().validate(json, Version.VERSION_15)).isEmpty();
      assertThat(JSON.readTree(json).path("specVersion").asText()).isEqualTo("1.5");
      assertThat(JSON.readTree(json).path("bomFormat").asText()).isEqualTo("CycloneDX");
    }

    @Test
    void shouldGiveTheSameDocumentWhenTheSameArchiveIsGeneratedTwice() throws Exception {
      // Given
      CycloneDxSbomGenerator generator = TextArchive.generator();
      InMemoryFetchedArtifact artifact = pythonProject().artifact("weatherly-1.4.0.tar.gz");

      // When
      byte[] first = generator.generate(pypi("weatherly", "1.4.0"), artifact).toJson();
      byte[] second = generator.generate(pypi("weatherly", "1.4.0"), artifact).toJson();

      // Then
      assertThat(second).isEqualTo(first);
    }
  }

  @Nested
  @DisplayName("an npm package with package.json and package-lock.json")
  class NpmPackage {

    @Test
    void shouldTakeExactVersionsFromPackageJsonAndTheLockWithoutDevDependencies() throws Exception {
      // When
      JsonNode sbom = generate(npmPackage(), npm("express", "4.17.1"), "express-4.17.1.tgz");

      // Then
      assertThat(purls(sbom))
          .contains("pkg:npm/express@4.17.1", "pkg:npm/accepts@1.3.7", "pkg:npm/body-parser@1.19.0",
              "pkg:npm/qs@6.7.0", "pkg:npm/ms@2.0.0", "pkg:npm/ms@2.1.1", "pkg:npm/%40types/node@20.8.7",
              "pkg:npm/etag", "pkg:npm/vary")
          .doesNotContain("pkg:npm/mocha@5.2.0", "pkg:npm/mocha", "pkg:npm/eslint", "pkg:npm/accepts");
      assertThat(component(sbom, "pkg:npm/%40types/node@20.8.7").path("group").asText()).isEqualTo("@types");
      assertThat(component(sbom, "pkg:npm/%40types/node@20.8.7").path("scope").asText()).isEqualTo("optional");
      assertThat(property(component(sbom, "pkg:npm/etag"), CycloneDxSbomGenerator.UNPINNED)).isEqualTo("true");
      assertThat(sbom.path("metadata").path("component").path("purl").asText()).isEqualTo("pkg:npm/express@4.17.1");
    }

    @Test
    void shouldReadNestedDependenciesWhenTheLockIsVersionOne() throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("app/package-lock.json", """
          {"name": "app", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
           "dependencies": {
             "lodash": {"version": "4.17.20", "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz"},
             "mocha": {"version": "5.2.0", "dev": true},
             "send": {"version": "0.17.1", "dependencies": {"ms": {"version": "2.1.1"}}}
           }}
          """);

      // When
      JsonNode sbom = generate(contents, npm("app", "1.0.0"), "app-1.0.0.tgz");

      // Then
      assertThat(purls(sbom)).containsExactly("pkg:npm/app@1.0.0", "pkg:npm/lodash@4.17.20", "pkg:npm/ms@2.1.1",
          "pkg:npm/send@0.17.1");
    }
  }

  @Nested
  @DisplayName("other Python manifests")
  class OtherPythonManifests {

    @Test
    void shouldReadInstallRequiresAndExtrasWhenTheProjectUsesSetupCfg() throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("tool-2.0/setup.cfg", """
          [metadata]
          name = tool
          version = 2.0

          [options]
          packages = find:
          install_requires =
              click==8.1.7
              Flask_Login>=0.6  # any recent one
          python_requires = >=3.8

          [options.extras_require]
          s3 =
              boto3==1.28.0
          """);

      // When
      JsonNode sbom = generate(contents, pypi("tool", "2.0"), "tool-2.0.tar.gz");

      // Then
      assertThat(purls(sbom)).containsExactly("pkg:pypi/boto3@1.28.0", "pkg:pypi/click@8.1.7", "pkg:pypi/flask-login",
          "pkg:pypi/tool@2.0");
      assertThat(component(sbom, "pkg:pypi/boto3@1.28.0").path("scope").asText()).isEqualTo("optional");
    }

    @Test
    void shouldReadALiteralInstallRequiresListWithoutRunningSetupPy() throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("legacy-0.9/setup.py", """
          from setuptools import setup

          setup(
              name="legacy",
              version="0.9",
              install_requires=[
                  "six==1.16.0",  # py2 compat
                  'Django>=3.2,<4',
              ],
          )
          """);

      // When
      JsonNode sbom = generate(contents, pypi("legacy", "0.9"), "legacy-0.9.tar.gz");

      // Then
      assertThat(purls(sbom)).containsExactly("pkg:pypi/django", "pkg:pypi/legacy@0.9", "pkg:pypi/six@1.16.0");
    }

    @Test
    void shouldReportAComputedInstallRequiresAsUnreadableWhenSetupPyBuildsTheList() throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("legacy-0.9/setup.py", """
          from setuptools import setup
          setup(name="legacy", install_requires=open("requirements.txt").read().splitlines())
          """);

      // When
      GeneratedSbom sbom = TextArchive.generator()
          .generate(pypi("legacy", "0.9"), contents.artifact("legacy-0.9.tar.gz"));

      // Then
      assertThat(sbom.unreadable()).singleElement().asString()
          .contains("legacy-0.9/setup.py").contains("computed");
    }

    @Test
    void shouldTakeOnlyDefaultPackagesWhenReadingPipfileLock() throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("svc-1.0/Pipfile.lock", """
          {"_meta": {"hash": {"sha256": "abc"}, "pipfile-spec": 6},
           "default": {"Werkzeug": {"hashes": ["sha256:1"], "version": "==2.2.2"},
                       "gunicorn": {"git": "https://github.com/benoitc/gunicorn.git", "ref": "abc"}},
           "develop": {"pytest": {"version": "==7.4.2"}}}
          """);

      // When
      JsonNode sbom = generate(contents, pypi("svc", "1.0"), "svc-1.0.tar.gz");

      // Then
      assertThat(purls(sbom)).containsExactly("pkg:pypi/gunicorn", "pkg:pypi/svc@1.0", "pkg:pypi/werkzeug@2.2.2");
    }

    @Test
    void shouldReadRequiresDistWhenTheArchiveIsAWheel() throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("Shiny_Lib-3.0.dist-info/METADATA", """
          Metadata-Version: 2.1
          Name: Shiny_Lib
          Version: 3.0
          Requires-Dist: numpy (==1.26.0)
          Requires-Dist: rich ; extra == "pretty"

          Requires-Dist: not-a-header==1.0 (this is the long description)
          """);

      // When
      JsonNode sbom = generate(contents, pypi("Shiny_Lib", "3.0"), "Shiny_Lib-3.0-py3-none-any.whl");

      // Then
      assertThat(purls(sbom)).containsExactly("pkg:pypi/numpy@1.26.0", "pkg:pypi/rich", "pkg:pypi/shiny-lib@3.0");
    }
  }

  @Nested
  @DisplayName("archives without usable manifests")
  class WithoutManifests {

    @Test
    void shouldListNoComponentsWhenNothingIsDeclaredAndTheVersionIsUnknown() throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("tool/main.py", "print('hi')\n");
      PackageRequest request = PackageRequest.builder().name("tool")
          .url(URI.create("https://github.com/example/tool/archive/refs/heads/main.zip")).build();

      // When
      GeneratedSbom sbom = TextArchive.generator()
          .generate(request, contents.artifact("main.zip"));

      // Then
      assertThat(sbom.componentCount()).isZero();
      assertThat(new JsonParser().validate(sbom.toJson(), Version.VERSION_15)).isEmpty();
    }

    @Test
    void shouldReportABrokenManifestAndKeepTheOthersWhenOneCannotBeParsed() throws Exception {
      // Given
      TextArchive contents = new TextArchive()
          .with("pkg/tests/fixtures/package.json", "{ not json")
          .with("pkg/requirements.txt", "attrs==23.1.0\n");

      // When
      GeneratedSbom sbom = TextArchive.generator()
          .generate(pypi("pkg", "1.0"), contents.artifact("pkg-1.0.tar.gz"));

      // Then
      assertThat(sbom.unreadable()).singleElement().asString().startsWith("pkg/tests/fixtures/package.json (");
      assertThat(purls(JSON.readTree(sbom.toJson()))).containsExactly("pkg:pypi/attrs@23.1.0", "pkg:pypi/pkg@1.0");
    }

    @Test
    void shouldFailTheScanWhenAManifestIsLargerThanAnyRealOne() {
      // Given
      TextArchive contents = new TextArchive()
          .with("pkg/requirements.txt", "a".repeat(CycloneDxSbomGenerator.MAX_MANIFEST_BYTES + 1));

      // When / Then
      assertThatThrownBy(() -> TextArchive.generator()
          .generate(pypi("pkg", "1.0"), contents.artifact("pkg-1.0.tar.gz")))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("pkg/requirements.txt is larger than");
    }
  }
}

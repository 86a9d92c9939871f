package dev.airlock.adapter.aws.codeartifact;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.airlock.adapter.aws.testing.AwsResponses.restJsonError;
import static dev.airlock.adapter.aws.testing.AwsTestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.adapter.aws.codeartifact.CodeArtifactSettings.Format;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.CoreMetadata;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.SeverityPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Publishing in the formats notebooks install from, against WireMock emulating CodeArtifact's API
 * ({@code GetAuthorizationToken}, {@code GetRepositoryEndpoint}, the version and asset listings) and
 * its pypi and npm endpoints: the upload twine makes for real sdists and wheels, the document
 * {@code npm publish} sends for a real tarball, reuse by SHA-256, conflicts, failures, and a token
 * that never appears in any result or error.
 */
@WireMockTest
class CodeArtifactNativeFormatTest {
  private static final String DOMAIN = "data-science";
  private static final String OWNER = "123456789012";
  private static final String REPOSITORY = "approved";
  /** Recognisable, so a leak anywhere is found. */
  private static final String TOKEN = "AIRLOCK-CA-TOKEN-7c1e-do-not-print";
  private static final String PKG_INFO = """
      Metadata-Version: 2.1
      Name: Tidy_Stats
      Version: 1.0.0
      Summary: Small summary statistics
      Requires-Python: >=3.9
      Requires-Dist: numpy>=1.26
      Requires-Dist: pandas; extra == "frames"
      Provides-Extra: frames
      Classifier: Programming Language :: Python :: 3
      Classifier: License :: OSI Approved :: MIT License
      Project-URL: Source, https://example.com/tidy-stats
      Description-Content-Type: text/markdown

      # tidy-stats

      Long description.
      """;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ATTEMPTS = 3;

  private final CoreMetadata metadata = CoreMetadata.parse(PKG_INFO, "PKG-INFO");
  private byte[] sdistBytes;
  private byte[] wheelBytes;
  private InMemoryFetchedArtifact sdist;
  private InMemoryFetchedArtifact wheel;
  private Distribution sdistDistribution;
  private Distribution wheelDistribution;

  @BeforeEach
  void buildRealArchives() throws IOException {
    sdistBytes = tarGz(
        "tidy-stats-1.0.0/PKG-INFO", PKG_INFO,
        "tidy-stats-1.0.0/pyproject.toml", "[build-system]\nrequires = []\n",
        "tidy-stats-1.0.0/tidy_stats/__init__.py", "def summary(values):\n    return len(values)\n");
    sdist = new InMemoryFetchedArtifact("tidy-stats-1.0.0.tar.gz", sdistBytes);
    wheelBytes = zip(
        "tidy_stats/__init__.py", "def summary(values):\n    return len(values)\n",
        "tidy_stats-1.0.0.dist-info/METADATA", PKG_INFO,
        "tidy_stats-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    wheel = new InMemoryFetchedArtifact("tidy_stats-1.0.0-py3-none-any.whl", wheelBytes);
    sdistDistribution = Distribution.builder().kind(Distribution.Kind.PYTHON_SDIST).name("Tidy_Stats")
        .version("1.0.0").fileName("tidy-stats-1.0.0.tar.gz").coreMetadata(metadata).build();
    wheelDistribution = Distribution.builder().kind(Distribution.Kind.PYTHON_WHEEL).name("Tidy_Stats")
        .version("1.0.0").fileName("tidy_stats-1.0.0-py3-none-any.whl").coreMetadata(metadata).build();
  }

  @Nested
  @DisplayName("pypi: the upload twine makes")
  class Pypi {

    @Test
    void shouldUploadTheSdistAsTwineDoesWhenItIsApprovedAndNew(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubAccess(wm, "pypi");
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(notFound()));
      wm.getWireMock().register(pypiUpload().willReturn(aResponse().withStatus(200)));

      // When
      Publication publication = repository(wm).publish(request("tidy-stats"), sdistDistribution, sdist, approved());

      // Then
      LoggedRequest upload = onlyRequest(wm, pypiUploaded());
      assertThat(upload.getHeader("Authorization"))
          .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("aws:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
      assertThat(upload.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
      assertThat(upload.getHeader("Content-Length")).isEqualTo(String.valueOf(upload.getBody().length));
      assertThat(fields(upload)).containsExactly(
          ":action=file_upload",
          "protocol_version=1",
          "name=Tidy_Stats",
          "version=1.0.0",
          "filetype=sdist",
          "pyversion=source",
          "metadata_version=2.1",
          "summary=Small summary statistics",
          "classifiers=Programming Language :: Python :: 3",
          "classifiers=License :: OSI Approved :: MIT License",
          "project_urls=Source, https://example.com/tidy-stats",
          "requires_dist=numpy>=1.26",
          "requires_dist=pandas; extra == \"frames\"",
          "requires_python=>=3.9",
          "provides_extra=frames",
          "description_content_type=text/markdown",
          "description=# tidy-stats\n\nLong description.\n",
          "md5_digest=" + hex("MD5", sdistBytes),
          "sha256_digest=" + sdist.sha256().hex());
      Request.Part content = upload.getPart("content");
      assertThat(content.getHeader("Content-Disposition").firstValue())
          .isEqualTo("form-data; name=\"content\"; filename=\"tidy-stats-1.0.0.tar.gz\"");
      assertThat(content.getHeader("Content-Type").firstValue()).isEqualTo("application/octet-stream");
      assertThat(content.getBody().asBytes()).isEqualTo(sdistBytes);
      assertThat(hex("SHA-256", content.getBody().asBytes())).isEqualTo(fieldValue(upload, "sha256_digest"));
      wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo("/v1/repository/endpoint"))
          .withQueryParam("domain", equalTo(DOMAIN)).withQueryParam("domain-owner", equalTo(OWNER))
          .withQueryParam("repository", equalTo(REPOSITORY)).withQueryParam("format", equalTo("pypi")));
      wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/v1/authorization-token"))
          .withQueryParam("domain", equalTo(DOMAIN)).withQueryParam("domain-owner", equalTo(OWNER)));

      assertThat(publication.repository()).isEqualTo("codeartifact");
      assertThat(publication.packageName()).isEqualTo("tidy-stats");
      assertThat(publication.version()).isEqualTo("1.0.0");
      assertThat(publication.assetName()).isEqualTo("tidy-stats-1.0.0.tar.gz");
      assertThat(publication.location())
          .isEqualTo("codeartifact://data-science/approved/pypi/tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz");
      assertThat(publication.installInstructions().lines()).containsExactly(
          "aws codeartifact login --tool pip --domain data-science --domain-owner 123456789012 --repository approved",
          "pip install tidy-stats==1.0.0");
      assertThat(publication.toString()).doesNotContain(TOKEN);
    }

    @Test
    void shouldUploadTheWheelWithItsPythonTagBesideTheSdistOfTheSameVersion(WireMockRuntimeInfo wm)
        throws Exception {
      // Given: 1.0.0 already holds the sdist
      stubAccess(wm, "pypi");
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(assetList("pypi", null,
          "tidy-stats", "1.0.0", "tidy-stats-1.0.0.tar.gz", sdist.sha256().hex())));
      wm.getWireMock().register(pypiUpload().willReturn(aResponse().withStatus(200)));

      // When
      Publication publication = repository(wm).publish(request("tidy-stats"), wheelDistribution, wheel, approved());

      // Then
      LoggedRequest upload = onlyRequest(wm, pypiUploaded());
      assertThat(fieldValue(upload, "filetype")).isEqualTo("bdist_wheel");
      assertThat(fieldValue(upload, "pyversion")).isEqualTo("py3");
      assertThat(fieldValue(upload, "sha256_digest")).isEqualTo(wheel.sha256().hex());
      assertThat(upload.getPart("content").getHeader("Content-Disposition").firstValue())
          .endsWith("filename=\"tidy_stats-1.0.0-py3-none-any.whl\"");
      assertThat(upload.getPart("content").getBody().asBytes()).isEqualTo(wheelBytes);
      assertThat(publication.assetName()).isEqualTo("tidy_stats-1.0.0-py3-none-any.whl");
    }

    @Test
    void shouldPublishNothingAgainWhenTheVersionAlreadyHoldsThisFile(WireMockRuntimeInfo wm) throws Exception {
      // Given: the run before published it
      stubAccess(wm, "pypi");
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(assetList("pypi", null,
          "tidy-stats", "1.0.0", "tidy-stats-1.0.0.tar.gz", sdist.sha256().hex())));
      wm.getWireMock().register(describe("pypi", "tidy-stats", "1.0.0").willReturn(versionStatus("Published")));

      // When
      Publication publication = repository(wm).publish(request("tidy-stats"), sdistDistribution, sdist, approved());

      // Then
      assertThat(publication.assetName()).isEqualTo("tidy-stats-1.0.0.tar.gz");
      wm.getWireMock().verifyThat(0, pypiUploaded());
      wm.getWireMock().verifyThat(0, postRequestedFor(urlPathEqualTo("/v1/authorization-token")));
    }

    @Test
    void shouldFindThePublicationByItsSha256WhenLookingInThePypiFormat(WireMockRuntimeInfo wm) throws Exception {
      // Given: the wheel's own version holds it; the package's version list is never needed
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(assetList("pypi", null,
          "tidy-stats", "1.0.0", "tidy_stats-1.0.0-py3-none-any.whl", wheel.sha256().hex())));
      wm.getWireMock().register(get(urlPathEqualTo("/v1/package/version")).withQueryParam("format", equalTo("pypi"))
          .withQueryParam("version", equalTo("1.0.0")).willReturn(okJson("{\"packageVersion\":{\"format\":\"pypi\","
              + "\"packageName\":\"tidy-stats\",\"version\":\"1.0.0\",\"status\":\"Published\"}}")));

      // When
      Optional<Publication> found = repository(wm).findBySha256(wheelDistribution, wheel.sha256());

      // Then
      assertThat(found).hasValueSatisfying(p -> {
        assertThat(p.version()).isEqualTo("1.0.0");
        assertThat(p.assetName()).isEqualTo("tidy_stats-1.0.0-py3-none-any.whl");
        assertThat(p.installInstructions()).endsWith("pip install tidy-stats==1.0.0");
      });
      wm.getWireMock().verifyThat(0, postRequestedFor(urlPathEqualTo("/v1/package/versions")));
      wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/v1/package/version/assets"))
          .withQueryParam("format", equalTo("pypi")).withoutQueryParam("namespace"));
    }

    @Test
    void shouldFailWithoutUploadingWhenTheFileNameHoldsOtherContent(WireMockRuntimeInfo wm) {
      // Given
      stubAccess(wm, "pypi");
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(assetList("pypi", null,
          "tidy-stats", "1.0.0", "tidy-stats-1.0.0.tar.gz", "ab".repeat(32))));

      // When
      PortException e = failure(wm, sdistDistribution, sdist);

      // Then
      assertThat(e).hasMessageContaining("Tidy_Stats 1.0.0 is already published in CodeArtifact")
          .hasMessageContaining("tidy-stats-1.0.0.tar.gz").hasMessageContaining("different content")
          .hasMessageContaining("never overwritten");
      wm.getWireMock().verifyThat(0, pypiUploaded());
    }

    @Test
    void shouldReuseTheFileWhenTheUploadConflictsBecauseAnotherRunPublishedIt(WireMockRuntimeInfo wm)
        throws Exception {
      // Given: absent when checked, then the upload answers 409 because another run published it
      stubAccess(wm, "pypi");
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").inScenario("race").whenScenarioStateIs(STARTED)
          .willReturn(notFound()));
      wm.getWireMock().register(pypiUpload().inScenario("race").whenScenarioStateIs(STARTED)
          .willReturn(aResponse().withStatus(409).withBody("File already exists")).willSetStateTo("published"));
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").inScenario("race")
          .whenScenarioStateIs("published").willReturn(assetList("pypi", null, "tidy-stats", "1.0.0",
              "tidy-stats-1.0.0.tar.gz", sdist.sha256().hex())));
      wm.getWireMock().register(describe("pypi", "tidy-stats", "1.0.0").willReturn(versionStatus("Published")));

      // When
      Publication publication = repository(wm).publish(request("tidy-stats"), sdistDistribution, sdist, approved());

      // Then
      assertThat(publication.sha256()).isEqualTo(sdist.sha256());
      wm.getWireMock().verifyThat(1, pypiUploaded());
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404, 500, 503})
    void shouldFailClosedNamingTheStatusButNeverTheTokenWhenTheUploadIsRefused(int status, WireMockRuntimeInfo wm) {
      // Given: a server that even echoes the credentials it got
      stubAccess(wm, "pypi");
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(notFound()));
      wm.getWireMock().register(pypiUpload().willReturn(aResponse().withStatus(status)
          .withBody("denied for aws:" + TOKEN + " (Basic " + basic() + ")")));

      // When
      PortException e = failure(wm, sdistDistribution, sdist);

      // Then
      assertThat(e).hasMessageContaining("CodeArtifact refused the pypi upload of tidy-stats-1.0.0.tar.gz")
          .hasMessageContaining("HTTP " + status).hasMessageContaining("denied for aws:***");
      assertNoToken(e);
      wm.getWireMock().verifyThat(1, pypiUploaded());
    }

    @Test
    void shouldFailWithoutTheTokenWhenTheUploadEndpointCannotBeReached(WireMockRuntimeInfo wm) {
      // Given: the endpoint CodeArtifact names refuses connections
      stubToken(wm);
      wm.getWireMock().register(endpoint("pypi").willReturn(okJson("{\"repositoryEndpoint\":"
          + "\"http://127.0.0.1:1/pypi/approved/\"}")));
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(notFound()));

      // When
      PortException e = failure(wm, sdistDistribution, sdist);

      // Then
      assertThat(e).hasMessageContaining("CodeArtifact pypi upload of tidy-stats-1.0.0.tar.gz failed");
      assertNoToken(e);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {403, 500})
    void shouldFailWithoutUploadingWhenNoTokenIsGiven(int status, WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(post(urlPathEqualTo("/v1/authorization-token"))
          .willReturn(restJsonError(status, status == 403 ? "AccessDeniedException" : "InternalServerException",
              "no")));
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(notFound()));

      // When
      PortException e = failure(wm, sdistDistribution, sdist);

      // Then
      assertThat(e).hasMessageContaining("CodeArtifact authorization token for domain data-science failed")
          .hasMessageContaining(String.valueOf(status));
      wm.getWireMock().verifyThat(0, pypiUploaded());
    }

    @Test
    void shouldNeverSendTheTokenWhenTheEndpointIsNotHttps(WireMockRuntimeInfo wm) {
      // Given
      stubToken(wm);
      wm.getWireMock().register(endpoint("pypi").willReturn(okJson("{\"repositoryEndpoint\":"
          + "\"http://codeartifact.example.com/pypi/approved/\"}")));
      wm.getWireMock().register(assets("pypi", "tidy-stats", "1.0.0").willReturn(notFound()));

      // When
      PortException e = failure(wm, sdistDistribution, sdist);

      // Then
      assertThat(e).hasMessageContaining("not HTTPS").hasMessageContaining("never sent there");
      assertNoToken(e);
    }

    @Test
    void shouldPublishAPythonPackageAsAGenericAssetWhenTheFormatIsGeneric(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(assets("generic", "tidy-stats", "1.0.0").willReturn(notFound()));
      wm.getWireMock().register(post(urlPathEqualTo("/v1/package/version/publish")).willReturn(okJson(
          "{\"format\":\"generic\",\"namespace\":\"airlock\",\"package\":\"tidy-stats\",\"version\":\"1.0.0\","
              + "\"status\":\"Published\"}")));
      var generic = new CodeArtifactRepository(WireMockAws.codeArtifact(wm, MAX_ATTEMPTS),
          new CodeArtifactSettings(DOMAIN, Optional.of(OWNER), REPOSITORY, "airlock", Format.GENERIC));

      // When
      Publication publication = generic.publish(request("tidy-stats"), sdistDistribution, sdist, approved());

      // Then
      wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/v1/package/version/publish"))
          .withQueryParam("format", equalTo("generic")).withQueryParam("namespace", equalTo("airlock")));
      wm.getWireMock().verifyThat(0, pypiUploaded());
      assertThat(publication.installInstructions()).startsWith("aws codeartifact get-package-version-asset");
    }
  }

  @Nested
  @DisplayName("npm: the request npm publish sends")
  class Npm {
    private static final String MANIFEST = "{\"name\":\"left-pad\",\"version\":\"1.3.0\","
        + "\"description\":\"Pads strings\",\"main\":\"index.js\",\"license\":\"MIT\"}";
    private byte[] tarballBytes;
    private InMemoryFetchedArtifact tarball;
    private Distribution distribution;

    @BeforeEach
    void buildTarball() throws IOException {
      tarballBytes = tarGz("package/package.json", MANIFEST,
          "package/index.js", "module.exports = (s, n) => String(s).padStart(n);\n");
      tarball = new InMemoryFetchedArtifact("left-pad-1.3.0.tgz", tarballBytes);
      distribution = Distribution.builder().kind(Distribution.Kind.NPM_TARBALL).name("left-pad").version("1.3.0")
          .fileName("left-pad-1.3.0.tgz").npmManifest(MANIFEST).build();
    }

    @Test
    void shouldPutAValidPublishDocumentWithTheTarballAsAttachmentWhenItIsApprovedAndNew(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubAccess(wm, "npm");
      wm.getWireMock().register(assets("npm", "left-pad", "1.3.0").willReturn(notFound()));
      wm.getWireMock().register(put(urlPathEqualTo("/npm/approved/left-pad")).willReturn(okJson("{\"ok\":true}")));

      // When
      Publication publication = repository(wm).publish(request("left-pad"), distribution, tarball, approved());

      // Then
      LoggedRequest publish = onlyRequest(wm, putRequestedFor(urlPathEqualTo("/npm/approved/left-pad")));
      assertThat(publish.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(publish.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(publish.getHeader("Content-Length")).isEqualTo(String.valueOf(publish.getBody().length));
      JsonNode document = JSON.readTree(publish.getBody());
      assertThat(document.path("_id").asText()).isEqualTo("left-pad");
      assertThat(document.path("name").asText()).isEqualTo("left-pad");
      assertThat(document.path("description").asText()).isEqualTo("Pads strings");
      assertThat(document.path("dist-tags").path("latest").asText()).isEqualTo("1.3.0");
      JsonNode version = document.path("versions").path("1.3.0");
      assertThat(version.path("_id").asText()).isEqualTo("left-pad@1.3.0");
      assertThat(version.path("main").asText()).isEqualTo("index.js");
      assertThat(version.path("dist").path("integrity").asText())
          .isEqualTo("sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tarballBytes)));
      assertThat(version.path("dist").path("shasum").asText()).isEqualTo(hex("SHA-1", tarballBytes));
      assertThat(version.path("dist").path("tarball").asText())
          .isEqualTo(wm.getHttpBaseUrl() + "/npm/approved/left-pad/-/left-pad-1.3.0.tgz");
      JsonNode attachment = document.path("_attachments").path("left-pad-1.3.0.tgz");
      assertThat(attachment.path("content_type").asText()).isEqualTo("application/octet-stream");
      assertThat(attachment.path("length").asLong()).isEqualTo(tarball.size());
      byte[] data = Base64.getDecoder().decode(attachment.path("data").asText());
      assertThat(data).isEqualTo(tarballBytes);
      assertThat("sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", data)))
          .isEqualTo(version.path("dist").path("integrity").asText());

      assertThat(publication.packageName()).isEqualTo("left-pad");
      assertThat(publication.location())
          .isEqualTo("codeartifact://data-science/approved/npm/left-pad/1.3.0/left-pad-1.3.0.tgz");
      assertThat(publication.installInstructions().lines()).containsExactly(
          "aws codeartifact login --tool npm --domain data-science --domain-owner 123456789012 --repository approved",
          "npm install left-pad@1.3.0");
    }

    @Test
    void shouldPublishAScopedPackageUnderItsEscapedNameAndItsScopeAsNamespace(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      String manifest = MANIFEST.replace("\"left-pad\"", "\"@acme/left-pad\"");
      Distribution scoped = Distribution.builder().from(distribution).name("@acme/left-pad").npmManifest(manifest)
          .build();
      stubAccess(wm, "npm");
      wm.getWireMock().register(assets("npm", "left-pad", "1.3.0").withQueryParam("namespace", equalTo("acme"))
          .willReturn(notFound()));
      wm.getWireMock().register(put(urlPathEqualTo("/npm/approved/@acme%2fleft-pad")).willReturn(okJson("{}")));

      // When
      Publication publication = repository(wm).publish(request("left-pad"), scoped, tarball, approved());

      // Then
      LoggedRequest publish = onlyRequest(wm, putRequestedFor(urlPathEqualTo("/npm/approved/@acme%2fleft-pad")));
      JsonNode document = JSON.readTree(publish.getBody());
      assertThat(document.path("name").asText()).isEqualTo("@acme/left-pad");
      assertThat(document.path("_attachments").has("@acme/left-pad-1.3.0.tgz")).isTrue();
      assertThat(publication.packageName()).isEqualTo("@acme/left-pad");
      assertThat(publication.installInstructions()).endsWith("npm install @acme/left-pad@1.3.0");
    }

    @Test
    void shouldPublishNothingAgainWhenTheVersionHoldsThisTarball(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(assets("npm", "left-pad", "1.3.0").willReturn(assetList("npm", null, "left-pad",
          "1.3.0", "left-pad-1.3.0.tgz", tarball.sha256().hex())));
      wm.getWireMock().register(describe("npm", "left-pad", "1.3.0").willReturn(versionStatus("Published")));

      // When
      Publication publication = repository(wm).publish(request("left-pad"), distribution, tarball, approved());

      // Then
      assertThat(publication.version()).isEqualTo("1.3.0");
      wm.getWireMock().verifyThat(0, putRequestedFor(anyUrl()));
      wm.getWireMock().verifyThat(0, postRequestedFor(urlPathEqualTo("/v1/authorization-token")));
    }

    @Test
    void shouldFailWithoutPublishingWhenTheVersionHoldsAnotherTarball(WireMockRuntimeInfo wm) {
      // Given
      stubAccess(wm, "npm");
      wm.getWireMock().register(assets("npm", "left-pad", "1.3.0").willReturn(assetList("npm", null, "left-pad",
          "1.3.0", "package.tgz", "cd".repeat(32))));

      // When
      PortException e = failure(wm, distribution, tarball);

      // Then
      assertThat(e).hasMessageContaining("left-pad 1.3.0 is already published in CodeArtifact")
          .hasMessageContaining("different content").hasMessageContaining("never overwritten");
      wm.getWireMock().verifyThat(0, putRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 403, 409, 500, 503})
    void shouldFailClosedWithoutTheTokenWhenThePublishIsRefused(int status, WireMockRuntimeInfo wm) {
      // Given
      stubAccess(wm, "npm");
      wm.getWireMock().register(assets("npm", "left-pad", "1.3.0").willReturn(notFound()));
      wm.getWireMock().register(put(urlPathEqualTo("/npm/approved/left-pad")).willReturn(aResponse()
          .withStatus(status).withBody("{\"error\":\"no (Bearer " + TOKEN + ")\"}")));

      // When
      PortException e = failure(wm, distribution, tarball);

      // Then
      assertThat(e).hasMessageContaining("CodeArtifact refused the npm publish of left-pad 1.3.0")
          .hasMessageContaining("HTTP " + status);
      assertNoToken(e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private CodeArtifactRepository repository(WireMockRuntimeInfo wm) {
    return new CodeArtifactRepository(WireMockAws.codeArtifact(wm, MAX_ATTEMPTS),
        new CodeArtifactSettings(DOMAIN, Optional.of(OWNER), REPOSITORY, "airlock", Format.NATIVE));
  }

  private PortException failure(WireMockRuntimeInfo wm, Distribution distribution, InMemoryFetchedArtifact archive) {
    var repository = repository(wm);
    PortException e = catchThrowableOfType(PortException.class,
        () -> repository.publish(request("tidy-stats"), distribution, archive, approved()));
    assertThat(e).as("publishing fails with a PortException").isNotNull();
    return e;
  }

  /** Neither the token nor its Basic form anywhere in the failure, its causes or their stack traces' messages. */
  private static void assertNoToken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN).doesNotContain(basic());
      assertThat(t.toString()).doesNotContain(TOKEN);
    }
  }

  private static String basic() {
    return Base64.getEncoder().encodeToString(("aws:" + TOKEN).getBytes(StandardCharsets.UTF_8));
  }

  private static ScanVerdict approved() {
    return SeverityPolicy.defaultPolicy().evaluate("tidy-stats", List.of(), LocalDate.of(2030, 6, 15));
  }

  private static LoggedRequest onlyRequest(WireMockRuntimeInfo wm, RequestPatternBuilder pattern) {
    List<LoggedRequest> found = wm.getWireMock().find(pattern);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** Every form field but the file, as {@code name=value}, in the order sent. */
  private static List<String> fields(LoggedRequest upload) {
    List<String> fields = new ArrayList<>();
    for (Request.Part part : upload.getParts()) {
      if (!part.getName().equals("content")) {
        fields.add(part.getName() + "=" + part.getBody().asString());
      }
    }
    return fields;
  }

  private static String fieldValue(LoggedRequest upload, String name) {
    return upload.getPart(name).getBody().asString();
  }

  private static void stubAccess(WireMockRuntimeInfo wm, String format) {
    stubToken(wm);
    wm.getWireMock().register(endpoint(format).willReturn(okJson("{\"repositoryEndpoint\":\""
        + wm.getHttpBaseUrl() + "/" + format + "/approved/\"}")));
  }

  private static void stubToken(WireMockRuntimeInfo wm) {
    wm.getWireMock().register(post(urlPathEqualTo("/v1/authorization-token"))
        .willReturn(okJson("{\"authorizationToken\":\"" + TOKEN + "\",\"expiration\":1900000000}")));
  }

  private static MappingBuilder endpoint(String format) {
    return get(urlPathEqualTo("/v1/repository/endpoint")).withQueryParam("format", equalTo(format));
  }

  private static MappingBuilder pypiUpload() {
    return post(urlPathEqualTo("/pypi/approved/"));
  }

  private static RequestPatternBuilder pypiUploaded() {
    return postRequestedFor(urlPathEqualTo("/pypi/approved/"));
  }

  private static MappingBuilder assets(String format, String name, String version) {
    return post(urlPathEqualTo("/v1/package/version/assets")).withQueryParam("format", equalTo(format))
        .withQueryParam("package", equalTo(name)).withQueryParam("version", equalTo(version));
  }

  private static MappingBuilder describe(String format, String name, String version) {
    return get(urlPathEqualTo("/v1/package/version")).withQueryParam("format", equalTo(format))
        .withQueryParam("package", equalTo(name)).withQueryParam("version", equalTo(version));
  }

  private static ResponseDefinitionBuilder versionStatus(String status) {
    return okJson("{\"packageVersion\":{\"status\":\"" + status + "\"}}");
  }

  private static ResponseDefinitionBuilder assetList(String format, String namespace, String name, String version,
      String asset, String sha256) {
    return okJson("{\"format\":\"" + format + "\"," + (namespace == null ? "" : "\"namespace\":\"" + namespace
        + "\",") + "\"package\":\"" + name + "\",\"version\":\"" + version + "\",\"assets\":[{\"name\":\"" + asset
        + "\",\"size\":100,\"hashes\":{\"SHA-256\":\"" + sha256 + "\"}}]}");
  }

  private static ResponseDefinitionBuilder notFound() {
    return restJsonError(404, "ResourceNotFoundException", "not found");
  }

  private static byte[] digest(String algorithm, byte[] bytes) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(bytes);
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(digest(algorithm, bytes));
  }

  /** A tar.gz of {@code name, content, name, content, ...}. */
  private static byte[] tarGz(String... namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i]);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** A zip of {@code name, content, name, content, ...}. */
  private static byte[] zip(String... namesAndContents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}

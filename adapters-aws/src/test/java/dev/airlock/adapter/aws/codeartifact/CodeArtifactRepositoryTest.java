package dev.airlock.adapter.aws.codeartifact;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.airlock.adapter.aws.testing.AwsResponses.restJsonError;
import static dev.airlock.adapter.aws.testing.AwsTestData.finding;
import static dev.airlock.adapter.aws.testing.AwsTestData.fixture;
import static dev.airlock.adapter.aws.testing.AwsTestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.airlock.adapter.aws.codeartifact.CodeArtifactSettings.Format;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.codeartifact.model.PublishPackageVersionRequest;

/**
 * Drives {@link CodeArtifactRepository} through the real CodeArtifact client (REST-JSON, matched by
 * method and path) against WireMock: lookup by SHA-256, idempotent publishing, conflicts.
 */
@WireMockTest
class CodeArtifactRepositoryTest {
  private static final String DOMAIN = "data-science";
  private static final String OWNER = "123456789012";
  private static final String REPOSITORY = "approved";
  private static final String NAMESPACE = "airlock";
  private static final String PACKAGE = "tidy-stats";
  private static final String VERSION = "1.0.0";
  private static final String ASSET = "tidy-stats-1.0.0.tar.gz";
  private static final String OTHER_SHA = "ab".repeat(32);
  private static final CodeArtifactSettings SETTINGS =
      new CodeArtifactSettings(DOMAIN, Optional.of(OWNER), REPOSITORY, NAMESPACE, Format.NATIVE);
  private static final LocalDate TODAY = LocalDate.of(2030, 6, 15);
  private static final int MAX_ATTEMPTS = 3;
  private static final String FETCH_COMMAND = "aws codeartifact get-package-version-asset --domain data-science"
      + " --domain-owner 123456789012 --repository approved --format generic --namespace airlock"
      + " --package tidy-stats --package-version 1.0.0 --asset tidy-stats-1.0.0.tar.gz tidy-stats-1.0.0.tar.gz";

  private byte[] content;
  private InMemoryFetchedArtifact artifact;

  @BeforeEach
  void createArchive() {
    content = new byte[300 * 1024];
    new Random(42).nextBytes(content);
    artifact = new InMemoryFetchedArtifact("tidy-stats-1.0.0.tar.gz", content);
  }

  @Nested
  @DisplayName("finding a publication by SHA-256")
  class FindBySha256 {

    @Test
    void shouldFindTheContentInTwoCallsWhenThePackageHasFiveHundredVersions(WireMockRuntimeInfo wm) throws Exception {
      // Given: 500 versions, every other one holding other content, the archive's own version holding it
      wm.getWireMock().register(listPackageVersions().willReturn(okJson(fiveHundredVersions())));
      wm.getWireMock().register(post(urlPathEqualTo("/v1/package/version/assets")).atPriority(10)
          .willReturn(assets("0.0.1", "tidy-stats-0.0.1.tar.gz", OTHER_SHA)));
      wm.getWireMock().register(listPackageVersionAssets(VERSION).atPriority(1).willReturn(assets(VERSION, ASSET,
          artifact.sha256().hex().toUpperCase(Locale.ROOT))));
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(packageVersion(VERSION, "Published")));

      // When
      Optional<Publication> found = repository(wm).findBySha256(generic(artifact), artifact.sha256());

      // Then
      assertThat(found).hasValueSatisfying(p -> {
        assertThat(p.repository()).isEqualTo("codeartifact");
        assertThat(p.packageName()).isEqualTo(PACKAGE);
        assertThat(p.version()).isEqualTo(VERSION);
        assertThat(p.assetName()).isEqualTo(ASSET);
        assertThat(p.sha256()).isEqualTo(artifact.sha256());
        assertThat(p.installInstructions()).contains("--package-version 1.0.0 --asset " + ASSET);
      });
      assertThat(wm.getWireMock().find(anyRequestedFor(anyUrl()))).hasSize(2);
      wm.getWireMock().verifyThat(1, listPackageVersionAssetsRequested(VERSION));
      wm.getWireMock().verifyThat(0, listPackageVersionsRequested());
    }

    @Test
    void shouldFindNothingInOneCallWhenTheVersionDoesNotExist(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersions().willReturn(okJson(fiveHundredVersions())));
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(notFound("package version")));

      // When
      Optional<Publication> found = repository(wm).findBySha256(generic(artifact), artifact.sha256());

      // Then
      assertThat(found).isEmpty();
      assertThat(wm.getWireMock().find(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void shouldFindNothingAndLeaveTheConflictToPublishWhenTheVersionHoldsOtherContent(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(assets(VERSION, ASSET, OTHER_SHA)));

      // When
      Optional<Publication> found = repository(wm).findBySha256(generic(artifact), artifact.sha256());

      // Then
      assertThat(found).isEmpty();
      assertThat(wm.getWireMock().find(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void shouldNotOfferAVersionWhoseAssetsCannotBeDownloadedWhenItIsArchived(WireMockRuntimeInfo wm)
        throws Exception {
      // Given InfoSec archived the version that holds this content (its assets can no longer be fetched)
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(assets(VERSION, ASSET,
          artifact.sha256().hex())));
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(packageVersion(VERSION, "Archived")));

      // When
      Optional<Publication> found = repository(wm).findBySha256(generic(artifact), artifact.sha256());

      // Then
      assertThat(found).as("an archived version is no publication a requester can install").isEmpty();
    }

    @Test
    void shouldRetryAndFindTheVersionWhenTheLookupIsThrottledOnce(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).inScenario("throttled").whenScenarioStateIs(STARTED)
          .willReturn(restJsonError(429, "ThrottlingException", "Rate exceeded")).willSetStateTo("calm"));
      wm.getWireMock().register(listPackageVersionAssets(VERSION).inScenario("throttled").whenScenarioStateIs("calm")
          .willReturn(assets(VERSION, ASSET, artifact.sha256().hex())));
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(packageVersion(VERSION, "Published")));

      // When
      Optional<Publication> found = repository(wm).findBySha256(generic(artifact), artifact.sha256());

      // Then
      assertThat(found).map(Publication::version).contains(VERSION);
      wm.getWireMock().verifyThat(2, listPackageVersionAssetsRequested(VERSION));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void shouldGiveUpCleanlyWhenTheLookupKeepsFailing(int status, WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(error(status)));
      var repository = repository(wm);

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> repository.findBySha256(generic(artifact), artifact.sha256()));

      // Then
      assertThat(e).isNotNull().hasMessageContaining("CodeArtifact lookup of " + PACKAGE + " " + VERSION)
          .hasMessageContaining(String.valueOf(status));
      wm.getWireMock().verifyThat(MAX_ATTEMPTS, listPackageVersionAssetsRequested(VERSION));
    }

    /** ListPackageVersions' answer for a package with 500 published versions, 0.0.1 to 0.0.499 and 1.0.0. */
    private static String fiveHundredVersions() {
      StringBuilder versions = new StringBuilder();
      for (int i = 1; i < 500; i++) {
        versions.append("{\"version\":\"0.0.").append(i).append("\",\"revision\":\"R").append(i)
            .append("\",\"status\":\"Published\"},");
      }
      versions.append("{\"version\":\"1.0.0\",\"revision\":\"R500\",\"status\":\"Published\"}");
      return "{\"format\":\"generic\",\"namespace\":\"airlock\",\"package\":\"tidy-stats\",\"versions\":["
          + versions + "]}";
    }
  }

  @Nested
  @DisplayName("publishing")
  class Publishing {

    @Test
    void shouldPublishTheStreamedArchiveWithItsSha256WhenTheVersionIsNew(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(notFound("package version")));
      wm.getWireMock().register(publishPackageVersion().willReturn(published()));

      List<SdkRequest> sdkRequests = new CopyOnWriteArrayList<>();
      var repository = new CodeArtifactRepository(WireMockAws.codeArtifact(wm, MAX_ATTEMPTS, recordingInto(sdkRequests)),
          SETTINGS);

      // When
      Publication publication = repository.publish(request(PACKAGE), generic(artifact), artifact, approved());

      // Then
      assertThat(sdkRequests).filteredOn(PublishPackageVersionRequest.class::isInstance).singleElement()
          .extracting(r -> ((PublishPackageVersionRequest) r).assetSHA256())
          .isEqualTo(artifact.sha256().hex());
      wm.getWireMock().verifyThat(1, publishPackageVersionRequested()
          .withHeader("x-amz-content-sha256", equalTo(artifact.sha256().hex()))
          .withQueryParam("domain", equalTo(DOMAIN))
          .withQueryParam("domain-owner", equalTo(OWNER))
          .withQueryParam("repository", equalTo(REPOSITORY))
          .withQueryParam("format", equalTo("generic"))
          .withQueryParam("namespace", equalTo(NAMESPACE))
          .withQueryParam("package", equalTo(PACKAGE))
          .withQueryParam("version", equalTo(VERSION))
          .withQueryParam("asset", equalTo(ASSET))
          .withQueryParam("unfinished", equalTo("false"))
          .withRequestBody(binaryEqualTo(content)));
      assertThat(artifact.timesOpened()).as("the body is streamed from the archive, not held").isPositive();
      assertThat(publication.repository()).isEqualTo("codeartifact");
      assertThat(publication.packageName()).isEqualTo(PACKAGE);
      assertThat(publication.version()).isEqualTo(VERSION);
      assertThat(publication.assetName()).isEqualTo(ASSET);
      assertThat(publication.sha256()).isEqualTo(artifact.sha256());
      assertThat(publication.location())
          .isEqualTo("codeartifact://data-science/approved/generic/airlock/tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz");
      assertThat(publication.installInstructions().lines())
          .containsExactly(FETCH_COMMAND, "pip install ./tidy-stats-1.0.0.tar.gz");
    }

    @Test
    void shouldLeaveOutTheDomainOwnerWhenNoneIsConfigured(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(notFound("package version")));
      wm.getWireMock().register(publishPackageVersion().willReturn(published()));
      var repository = new CodeArtifactRepository(WireMockAws.codeArtifact(wm, MAX_ATTEMPTS),
          new CodeArtifactSettings(DOMAIN, Optional.empty(), REPOSITORY, NAMESPACE, Format.NATIVE));

      // When
      Publication publication = repository.publish(request(PACKAGE), generic(artifact), artifact, approved());

      // Then
      wm.getWireMock().verifyThat(1, publishPackageVersionRequested().withQueryParam("domain-owner", absent()));
      assertThat(publication.installInstructions().lines().findFirst()).contains(FETCH_COMMAND
          .replace(" --domain-owner 123456789012", ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "tidy-stats-1.0.0.tar.gz, tidy-stats-1.0.0.tar.gz, pip install ./tidy-stats-1.0.0.tar.gz",
        "tidy_stats-1.0.0-py3-none-any.whl, tidy_stats-1.0.0-py3-none-any.whl, pip install ./tidy_stats-1.0.0-py3-none-any.whl",
        "tidy-stats-1.0.0.tgz, tidy-stats-1.0.0.tgz, npm install ./tidy-stats-1.0.0.tgz",
        "master.zip, tidy-stats-1.0.0.zip, pip install ./tidy-stats-1.0.0.zip",
        "download, tidy-stats-1.0.0.bin, pip install ./tidy-stats-1.0.0.bin"})
    void shouldNameTheAssetAfterThePackageWithTheArchivesExtensionWhenPublishing(String fileName, String asset,
        String install, WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(notFound("package version")));
      wm.getWireMock().register(publishPackageVersion().willReturn(published()));
      var archive = new InMemoryFetchedArtifact(fileName, content);

      // When
      Publication publication = repository(wm).publish(request(PACKAGE), generic(archive), archive, approved());

      // Then
      wm.getWireMock().verifyThat(1, publishPackageVersionRequested().withQueryParam("asset", equalTo(asset)));
      assertThat(publication.assetName()).isEqualTo(asset);
      assertThat(publication.installInstructions().lines()).last().isEqualTo(install);
    }

    @Test
    void shouldReuseTheExistingAssetWithoutPublishingWhenTheVersionHoldsTheSameContent(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(assets(VERSION, ASSET,
          artifact.sha256().hex())));
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(packageVersion(VERSION, "Published")));
      wm.getWireMock().register(publishPackageVersion().willReturn(published()));

      // When
      Publication publication = repository(wm).publish(request(PACKAGE), generic(artifact), artifact, approved());

      // Then
      wm.getWireMock().verifyThat(0, publishPackageVersionRequested());
      assertThat(publication.version()).isEqualTo(VERSION);
      assertThat(publication.assetName()).isEqualTo(ASSET);
      assertThat(publication.installInstructions().lines().findFirst()).contains(FETCH_COMMAND);
    }

    @Test
    void shouldRefuseWithoutPublishingWhenTheVersionHoldsTheSameContentButIsArchived(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(assets(VERSION, ASSET,
          artifact.sha256().hex())));
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(packageVersion(VERSION, "Archived")));
      wm.getWireMock().register(publishPackageVersion().willReturn(published()));

      // When
      PortException e = catchPublishFailure(wm);

      // Then
      assertThat(e).hasMessageContaining(PACKAGE + " " + VERSION).hasMessageContaining("is Archived")
          .hasMessageContaining("cannot be installed");
      wm.getWireMock().verifyThat(0, publishPackageVersionRequested());
    }

    @Test
    void shouldRefuseWithoutPublishingWhenTheVersionHoldsOtherContent(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(assets(VERSION, ASSET, OTHER_SHA)));
      wm.getWireMock().register(publishPackageVersion().willReturn(published()));

      // When
      PortException e = catchPublishFailure(wm);

      // Then
      assertThat(e).hasMessageContaining(PACKAGE + " " + VERSION).hasMessageContaining("different content")
          .hasMessageContaining("never overwritten");
      wm.getWireMock().verifyThat(0, publishPackageVersionRequested());
    }

    @Test
    void shouldRefuseWithoutCallingCodeArtifactWhenTheVerdictIsNotApproved(WireMockRuntimeInfo wm) {
      // Given
      ScanVerdict refused = SeverityPolicy.defaultPolicy().evaluate(PACKAGE,
          List.of(finding("python/os-command-injection@v1.0", Severity.HIGH, "setup.py")), TODAY);
      var repository = repository(wm);

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> repository.publish(request(PACKAGE), generic(artifact), artifact, refused));

      // Then
      assertThat(e).isNotNull().hasMessageContaining("REFUSED");
      wm.getWireMock().verifyThat(0, anyRequestedFor(anyUrl()));
    }
  }

  @Nested
  @DisplayName("a version published by someone else meanwhile (409)")
  class Conflicts {

    @Test
    void shouldReturnTheExistingPublicationWhenTheConflictingVersionHoldsTheSameContent(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubRace(wm, artifact.sha256().hex());

      // When
      Publication publication = repository(wm).publish(request(PACKAGE), generic(artifact), artifact, approved());

      // Then
      assertThat(publication.version()).isEqualTo(VERSION);
      assertThat(publication.sha256()).isEqualTo(artifact.sha256());
      assertThat(publication.installInstructions().lines().findFirst()).contains(FETCH_COMMAND);
      wm.getWireMock().verifyThat(1, publishPackageVersionRequested());
      wm.getWireMock().verifyThat(2, listPackageVersionAssetsRequested(VERSION));
    }

    @Test
    void shouldFailWithoutOverwritingWhenTheConflictingVersionHoldsOtherContent(WireMockRuntimeInfo wm) {
      // Given
      stubRace(wm, OTHER_SHA);

      // When
      PortException e = catchPublishFailure(wm);

      // Then
      assertThat(e).hasMessageContaining(PACKAGE + " " + VERSION).hasMessageContaining("different content");
      wm.getWireMock().verifyThat(1, publishPackageVersionRequested());
    }

    @Test
    void shouldFailWhenTheConflictCannotBeExplained(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(notFound("package version")));
      wm.getWireMock().register(publishPackageVersion().willReturn(conflict()));

      // When
      PortException e = catchPublishFailure(wm);

      // Then
      assertThat(e).hasMessageContaining(PACKAGE + " " + VERSION).hasMessageContaining("conflict");
      wm.getWireMock().verifyThat(1, publishPackageVersionRequested());
    }

    /** The version is absent at first; publishing it answers 409, and then it holds {@code storedSha}. */
    private void stubRace(WireMockRuntimeInfo wm, String storedSha) {
      wm.getWireMock().register(listPackageVersionAssets(VERSION).inScenario("race").whenScenarioStateIs(STARTED)
          .willReturn(notFound("package version")));
      wm.getWireMock().register(publishPackageVersion().inScenario("race").whenScenarioStateIs(STARTED)
          .willReturn(conflict()).willSetStateTo("published by someone else"));
      wm.getWireMock().register(listPackageVersionAssets(VERSION).inScenario("race")
          .whenScenarioStateIs("published by someone else").willReturn(assets(VERSION, ASSET, storedSha)));
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(packageVersion(VERSION, "Published")));
    }
  }

  @Nested
  @DisplayName("throttling and server errors")
  class Errors {

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void shouldRetryWithTheWholeBodyWhenPublishingFailsOnce(int status, WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(notFound("package version")));
      wm.getWireMock().register(publishPackageVersion().inScenario("flaky").whenScenarioStateIs(STARTED)
          .willReturn(error(status)).willSetStateTo("recovered"));
      wm.getWireMock().register(publishPackageVersion().inScenario("flaky").whenScenarioStateIs("recovered")
          .willReturn(published()));

      // When
      Publication publication = repository(wm).publish(request(PACKAGE), generic(artifact), artifact, approved());

      // Then
      assertThat(publication.version()).isEqualTo(VERSION);
      wm.getWireMock().verifyThat(2, publishPackageVersionRequested().withRequestBody(binaryEqualTo(content))
          .withHeader("x-amz-content-sha256", equalTo(artifact.sha256().hex())));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void shouldGiveUpCleanlyWhenPublishingKeepsFailing(int status, WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(notFound("package version")));
      wm.getWireMock().register(publishPackageVersion().willReturn(error(status)));

      // When
      PortException e = catchPublishFailure(wm);

      // Then
      assertThat(e).hasMessageContaining("CodeArtifact publish of " + PACKAGE + " " + VERSION)
          .hasMessageContaining(String.valueOf(status));
      wm.getWireMock().verifyThat(MAX_ATTEMPTS, publishPackageVersionRequested());
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void shouldGiveUpWithoutPublishingWhenCheckingTheVersionKeepsFailing(int status, WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(listPackageVersionAssets(VERSION).willReturn(error(status)));
      wm.getWireMock().register(publishPackageVersion().willReturn(published()));

      // When
      PortException e = catchPublishFailure(wm);

      // Then
      assertThat(e).hasMessageContaining(PACKAGE + " " + VERSION).hasMessageContaining(String.valueOf(status));
      wm.getWireMock().verifyThat(MAX_ATTEMPTS, listPackageVersionAssetsRequested(VERSION));
      wm.getWireMock().verifyThat(0, publishPackageVersionRequested());
    }
  }

  @Nested
  @DisplayName("reading back and withdrawing")
  class Withdrawing {
    private Publication publication() {
      return Publication.builder().repository("codeartifact").packageName(PACKAGE).version(VERSION).assetName(ASSET)
          .sha256(artifact.sha256()).location("codeartifact://data-science/approved/generic/airlock/tidy-stats/1.0.0/"
              + ASSET).installInstructions(FETCH_COMMAND).build();
    }

    @Test
    void shouldDownloadTheAssetWhenReadingAPublicationBack(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(get(urlPathEqualTo("/v1/package/version/asset")).withQueryParam("asset", equalTo(ASSET))
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
              .withHeader("Content-Type", "application/octet-stream").withBody(content)));

      // When
      try (var back = repository(wm).fetch(publication())) {
        // Then
        assertThat(back.sha256()).isEqualTo(artifact.sha256());
        assertThat(back.size()).isEqualTo(content.length);
      }
      wm.getWireMock().verifyThat(1, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
          urlPathEqualTo("/v1/package/version/asset")).withQueryParam("format", equalTo("generic"))
          .withQueryParam("namespace", equalTo(NAMESPACE)).withQueryParam("version", equalTo(VERSION)));
    }

    @Test
    void shouldArchiveAPublishedVersionOnceWhenWithdrawing(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(describePackageVersion(VERSION).inScenario("withdraw").whenScenarioStateIs(STARTED)
          .willReturn(packageVersion(VERSION, "Published")));
      wm.getWireMock().register(updateStatus().inScenario("withdraw").whenScenarioStateIs(STARTED)
          .willReturn(okJson("{\"successfulVersions\":{\"1.0.0\":{\"revision\":\"r2\",\"status\":\"Archived\"}},"
              + "\"failedVersions\":{}}")).willSetStateTo("archived"));
      wm.getWireMock().register(describePackageVersion(VERSION).inScenario("withdraw").whenScenarioStateIs("archived")
          .willReturn(packageVersion(VERSION, "Archived")));

      // When
      boolean first = repository(wm).withdraw(publication(), "revoked: CRITICAL MAL-2030-1");
      boolean second = repository(wm).withdraw(publication(), "revoked: CRITICAL MAL-2030-1");

      // Then: Archived, not Unlisted (an unlisted version still downloads)
      assertThat(first).isTrue();
      assertThat(second).isFalse();
      wm.getWireMock().verifyThat(1, updateStatusRequested()
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.targetStatus",
              equalTo("Archived")))
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.expectedStatus",
              equalTo("Published")))
          .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.versions[0]",
              equalTo(VERSION))));
    }

    @Test
    void shouldFailWhenCodeArtifactDoesNotArchiveTheVersion(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(packageVersion(VERSION, "Published")));
      wm.getWireMock().register(updateStatus().willReturn(okJson("{\"successfulVersions\":{},\"failedVersions\":"
          + "{\"1.0.0\":{\"errorCode\":\"MISMATCHED_STATUS\",\"errorMessage\":\"status changed\"}}}")));

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> repository(wm).withdraw(publication(), "revoked"));

      // Then
      assertThat(e).hasMessageContaining("CodeArtifact did not archive generic package airlock/tidy-stats 1.0.0: MISMATCHED_STATUS");
    }

    @Test
    void shouldArchiveInTheFormatThePublicationWasMadeInWhenItIsAPypiFile(WireMockRuntimeInfo wm) throws Exception {
      // Given
      Publication pypi = Publication.builder().from(publication()).assetName("tidy_stats-1.0.0-py3-none-any.whl")
          .location("codeartifact://data-science/approved/pypi/tidy-stats/1.0.0/tidy_stats-1.0.0-py3-none-any.whl")
          .build();
      wm.getWireMock().register(get(urlPathEqualTo("/v1/package/version")).withQueryParam("format", equalTo("pypi"))
          .willReturn(packageVersion(VERSION, "Published")));
      wm.getWireMock().register(post(urlPathEqualTo("/v1/package/versions/update_status"))
          .willReturn(okJson("{\"successfulVersions\":{\"1.0.0\":{\"status\":\"Archived\"}},\"failedVersions\":{}}")));

      // When
      boolean withdrawn = repository(wm).withdraw(pypi, "revoked");

      // Then
      assertThat(withdrawn).isTrue();
      wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/v1/package/versions/update_status"))
          .withQueryParam("format", equalTo("pypi")).withQueryParam("package", equalTo(PACKAGE))
          .withQueryParam("namespace", absent()));
    }

    @Test
    void shouldRefuseAPublicationOfAnotherRepository(WireMockRuntimeInfo wm) {
      // Given
      Publication elsewhere = Publication.builder().from(publication())
          .location("codeartifact://other-domain/approved/generic/airlock/tidy-stats/1.0.0/" + ASSET).build();

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> repository(wm).withdraw(elsewhere, "why"));

      // Then
      assertThat(e).hasMessageContaining("not to CodeArtifact repository data-science/approved");
      assertThat(wm.getWireMock().getServeEvents()).isEmpty();
    }

    @Test
    void shouldFailWhenTheVersionIsNotThere(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(describePackageVersion(VERSION).willReturn(notFound("package")));

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> repository(wm).withdraw(publication(), "revoked"));

      // Then
      assertThat(e).hasMessageContaining("is not in CodeArtifact repository approved");
      wm.getWireMock().verifyThat(0, updateStatusRequested());
    }
  }

  private static MappingBuilder updateStatus() {
    return post(urlPathEqualTo("/v1/package/versions/update_status")).withQueryParam("package", equalTo(PACKAGE));
  }

  private static RequestPatternBuilder updateStatusRequested() {
    return postRequestedFor(urlPathEqualTo("/v1/package/versions/update_status"))
        .withQueryParam("domain", equalTo(DOMAIN))
        .withQueryParam("repository", equalTo(REPOSITORY))
        .withQueryParam("format", equalTo("generic"))
        .withQueryParam("namespace", equalTo(NAMESPACE))
        .withQueryParam("package", equalTo(PACKAGE));
  }

  /** Keeps every request the SDK is asked to send, as modelled before it is signed. */
  private static ExecutionInterceptor recordingInto(List<SdkRequest> requests) {
    return new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        requests.add(context.request());
      }
    };
  }

  private CodeArtifactRepository repository(WireMockRuntimeInfo wm) {
    return new CodeArtifactRepository(WireMockAws.codeArtifact(wm, MAX_ATTEMPTS), SETTINGS);
  }

  private PortException catchPublishFailure(WireMockRuntimeInfo wm) {
    var repository = repository(wm);
    PortException e = catchThrowableOfType(PortException.class,
        () -> repository.publish(request(PACKAGE), generic(artifact), artifact, approved()));
    assertThat(e).as("publishing fails with a PortException").isNotNull();
    return e;
  }

  private static ScanVerdict approved() {
    return SeverityPolicy.defaultPolicy().evaluate(PACKAGE, List.of(), TODAY);
  }

  private ResponseDefinitionBuilder assets(String version, String asset, String sha256) {
    return okJson(fixture(CodeArtifactRepositoryTest.class, "assets.json")
        .replace("${version}", version).replace("${asset}", asset).replace("${sha256}", sha256));
  }

  private ResponseDefinitionBuilder published() {
    Sha256 sha = artifact.sha256();
    return okJson("{\"format\":\"generic\",\"namespace\":\"" + NAMESPACE + "\",\"package\":\"" + PACKAGE
        + "\",\"version\":\"" + VERSION + "\",\"versionRevision\":\"REVISION-1\",\"status\":\"Published\","
        + "\"asset\":{\"name\":\"" + ASSET + "\",\"size\":" + content.length + ",\"hashes\":{\"SHA-256\":\""
        + sha.hex() + "\"}}}");
  }

  private static ResponseDefinitionBuilder notFound(String resourceType) {
    return restJsonError(404, "ResourceNotFoundException", resourceType + " not found");
  }

  private static ResponseDefinitionBuilder conflict() {
    return restJsonError(409, "ConflictException", "Package version already exists");
  }

  private static ResponseDefinitionBuilder error(int status) {
    return status == 429
        ? restJsonError(429, "ThrottlingException", "Rate exceeded")
        : restJsonError(status, "InternalServerException", "Internal failure");
  }

  private static MappingBuilder listPackageVersions() {
    return post(urlPathEqualTo("/v1/package/versions")).withQueryParam("package", equalTo(PACKAGE));
  }

  private static RequestPatternBuilder listPackageVersionsRequested() {
    return postRequestedFor(urlPathEqualTo("/v1/package/versions"))
        .withQueryParam("domain", equalTo(DOMAIN))
        .withQueryParam("domain-owner", equalTo(OWNER))
        .withQueryParam("repository", equalTo(REPOSITORY))
        .withQueryParam("format", equalTo("generic"))
        .withQueryParam("namespace", equalTo(NAMESPACE))
        .withQueryParam("package", equalTo(PACKAGE));
  }

  private static MappingBuilder listPackageVersionAssets(String version) {
    return post(urlPathEqualTo("/v1/package/version/assets")).withQueryParam("version", equalTo(version));
  }

  private static RequestPatternBuilder listPackageVersionAssetsRequested() {
    return postRequestedFor(urlPathEqualTo("/v1/package/version/assets"));
  }

  private static RequestPatternBuilder listPackageVersionAssetsRequested(String version) {
    return listPackageVersionAssetsRequested()
        .withQueryParam("domain", equalTo(DOMAIN))
        .withQueryParam("repository", equalTo(REPOSITORY))
        .withQueryParam("format", equalTo("generic"))
        .withQueryParam("namespace", equalTo(NAMESPACE))
        .withQueryParam("package", equalTo(PACKAGE))
        .withQueryParam("version", equalTo(version));
  }

  private static MappingBuilder describePackageVersion(String version) {
    return get(urlPathEqualTo("/v1/package/version")).withQueryParam("version", equalTo(version));
  }

  private static ResponseDefinitionBuilder packageVersion(String version, String status) {
    return okJson("{\"packageVersion\":{\"format\":\"generic\",\"namespace\":\"" + NAMESPACE
        + "\",\"packageName\":\"" + PACKAGE + "\",\"version\":\"" + version + "\",\"status\":\"" + status
        + "\"}}");
  }

  private static MappingBuilder publishPackageVersion() {
    return post(urlPathEqualTo("/v1/package/version/publish"));
  }

  private static RequestPatternBuilder publishPackageVersionRequested() {
    return postRequestedFor(urlPathEqualTo("/v1/package/version/publish"));
  }

  /** A generic tidy-stats 1.0.0 archive, published under its fetched file name. */
  private static Distribution generic(InMemoryFetchedArtifact archive) {
    return Distribution.generic(PACKAGE, VERSION, archive.fileName());
  }
}

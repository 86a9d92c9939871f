package dev.airlock.adapter.github.repository;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static dev.airlock.adapter.github.testing.OutcomeTestData.TODAY;
import static dev.airlock.adapter.github.testing.OutcomeTestData.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.adapter.github.testing.WireMockGitHub;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Requester;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The GitHub release repository against WireMock with the real hub4j client: publish, reuse,
 * conflict, crash completion, GitHub Enterprise Server paths, paginated look-ups and GitHub's errors.
 */
@WireMockTest
@DisplayName("GitHubReleaseRepository")
class GitHubReleaseRepositoryTest {
  private static final String REPO = "acme/approved-packages";
  private static final String REPO_PATH = "/repos/" + REPO;
  private static final String TAG = "tidy-stats-1.0.0";
  private static final String ASSET = "tidy-stats-1.0.0.tar.gz";
  private static final byte[] CONTENT = "a harmless tidy-stats archive".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The API's path prefix in the current test: none, or {@code /api/v3} for GitHub Enterprise Server. */
  private String api = "";
  /** The upload path prefix in the current test: none, or {@code /api/uploads}. */
  private String uploads = "";

  @AfterEach
  void everyRequestCarriedTheTokenAndGitHubsMediaType() {
    WireMockGitHub.assertEveryRequestAuthenticated(findAll(anyRequestedFor(anyUrl())));
  }

  @Nested
  @DisplayName("publish")
  class Publish {

    @Test
    void shouldCreateTheReleaseAndStreamTheArchiveAsItsAssetWhenTheTagIsNew(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      byte[] content = new byte[1024 * 1024 + 17];
      new java.util.Random(7).nextBytes(content);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, content);
      Map<String, String> values = values(artifact);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(404, "notify/error-404.json")));
      stubFor(createRelease().willReturn(gh.json(201, "repository/release-created.json", values)));
      stubFor(listAssets(8001).willReturn(json("[]")));
      stubFor(upload(8001).willReturn(gh.json(201, "repository/asset-uploaded.json", values)));

      // When
      Publication publication = repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved());

      // Then
      JsonNode created = JSON.readTree(only(postRequestedFor(urlPathEqualTo(api + REPO_PATH + "/releases")))
          .getBodyAsString());
      assertThat(created.get("tag_name").asText()).isEqualTo(TAG);
      assertThat(created.get("name").asText()).isEqualTo("tidy-stats 1.0.0");
      assertThat(created.get("draft").asBoolean()).isFalse();
      assertThat(created.get("body").asText())
          .startsWith("<!-- airlock:package=tidy-stats version=1.0.0 sha256=" + artifact.sha256().hex()
              + " asset=" + ASSET + " -->\n")
          .contains("| SHA-256 | `" + artifact.sha256().hex() + "` |")
          .contains("| Verdict | approved: 1 finding(s) below the threshold; worst LOW |")
          .contains("| Requested by | `alice` |")
          .contains("gh release download " + TAG + " --repo localhost:" + wm.getHttpPort() + "/" + REPO
              + " --pattern '" + ASSET + "'\npip install ./" + ASSET)
          .contains("sha256sum " + ASSET);
      LoggedRequest uploaded = only(uploadRequested(8001));
      assertThat(uploaded.getQueryParams().get("name").firstValue()).isEqualTo(ASSET);
      assertThat(uploaded.getHeader("Content-Type")).isEqualTo("application/gzip");
      assertThat(uploaded.getHeader("Content-Length")).isEqualTo(String.valueOf(content.length));
      assertThat(uploaded.containsHeader("Transfer-Encoding")).isFalse();
      assertThat(Sha256.hashOf(uploaded.getBody())).isEqualTo(artifact.sha256());
      assertThat(publication.repository()).isEqualTo("github");
      assertThat(publication.version()).isEqualTo("1.0.0");
      assertThat(publication.assetName()).isEqualTo(ASSET);
      assertThat(publication.sha256()).isEqualTo(artifact.sha256());
      assertThat(publication.location()).isEqualTo("https://github.com/acme/approved-packages/releases/tag/" + TAG);
      assertThat(publication.installInstructions()).endsWith("pip install ./" + ASSET);
    }

    @Test
    void shouldReuseTheReleaseWhenTheTagAlreadyHoldsTheSameContent(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-created.json", values(artifact))));
      stubFor(listAssets(8001).willReturn(gh.json(200, "repository/assets-uploaded.json", values(artifact))));

      // When
      Publication publication = repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved());

      // Then
      assertThat(publication.version()).isEqualTo("1.0.0");
      assertThat(publication.assetName()).isEqualTo(ASSET);
      verify(0, postRequestedFor(anyUrl()));
      verify(0, deleteRequestedFor(anyUrl()));
      assertThat(artifact.timesOpened()).isZero();
    }

    @Test
    void shouldCompleteTheReleaseWhenACrashLeftItWithoutItsAsset(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-created.json", values(artifact))));
      stubFor(listAssets(8001).willReturn(gh.json(200, "repository/assets-half-uploaded.json", values(artifact))));
      stubFor(delete(urlPathEqualTo(REPO_PATH + "/releases/assets/9002")).willReturn(aResponse().withStatus(204)));
      stubFor(upload(8001).willReturn(gh.json(201, "repository/asset-uploaded.json", values(artifact))));

      // When
      Publication publication = repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved());

      // Then
      verify(1, deleteRequestedFor(urlPathEqualTo(REPO_PATH + "/releases/assets/9002")));
      assertThat(only(uploadRequested(8001)).getBody()).isEqualTo(CONTENT);
      verify(0, postRequestedFor(urlPathEqualTo(REPO_PATH + "/releases")));
      assertThat(publication.version()).isEqualTo("1.0.0");
    }

    @Test
    void shouldRefuseAndNeverOverwriteWhenTheTagHoldsOtherContent(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-other-content.json")));

      // When / Then
      assertThatThrownBy(() -> repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("tidy-stats 1.0.0 is already published in GitHub repository acme/approved-packages")
          .hasMessageContaining("different content (sha256 0123456789ab, this is " + artifact.sha256().shortHex(12))
          .hasMessageContaining("never overwritten");
      verify(0, postRequestedFor(anyUrl()));
      verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void shouldRefuseAndNeverOverwriteWhenTheFinishedAssetDiffersFromWhatTheNotesPromise(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-created.json", values(artifact))));
      stubFor(listAssets(8001).willReturn(gh.json(200, "repository/assets-uploaded.json",
          Map.of("size", "123456"))));

      // When / Then
      assertThatThrownBy(() -> repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("has 123456 bytes, not the " + CONTENT.length)
          .hasMessageContaining("never overwritten");
      verify(0, deleteRequestedFor(anyUrl()));
      verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void shouldRefuseWhenTheTagIsAReleaseAirlockDidNotPublish(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-not-airlock.json")));

      // When / Then
      assertThatThrownBy(() -> repository(gh).publish(request(), generic(ASSET),
          new InMemoryFetchedArtifact(ASSET, CONTENT), approved()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("release tidy-stats-1.0.0 exists and was not published by Airlock");
      verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void shouldUseTheReleaseAnotherRunCreatedWhenCreatingItAnswers422(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().inScenario("race").whenScenarioStateIs(Scenario.STARTED)
          .willReturn(gh.json(404, "notify/error-404.json")).willSetStateTo("created by the other run"));
      stubFor(releaseByTag().inScenario("race").whenScenarioStateIs("created by the other run")
          .willReturn(gh.json(200, "repository/release-created.json", values(artifact))));
      stubFor(createRelease().willReturn(gh.json(422, "repository/error-422-tag-exists.json")));
      stubFor(listAssets(8001).willReturn(json("[]")));
      stubFor(upload(8001).willReturn(gh.json(201, "repository/asset-uploaded.json", values(artifact))));

      // When
      Publication publication = repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved());

      // Then
      assertThat(publication.version()).isEqualTo("1.0.0");
      verify(2, getRequestedFor(urlPathEqualTo(REPO_PATH + "/releases/tags/" + TAG)));
      verify(1, uploadRequested(8001));
    }

    @Test
    void shouldPublishThroughTheEnterprisePathsWhenTheBaseUrlIsGitHubEnterpriseServer(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      api = WireMockGitHub.GHES_API;
      uploads = WireMockGitHub.GHES_UPLOADS;
      WireMockGitHub gh = WireMockGitHub.enterprise(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(404, "notify/error-404.json")));
      stubFor(createRelease().willReturn(gh.json(201, "repository/release-created.json", values(artifact))));
      stubFor(listAssets(8001).willReturn(json("[]")));
      stubFor(upload(8001).willReturn(gh.json(201, "repository/asset-uploaded.json", values(artifact))));

      // When
      Publication publication = repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved());

      // Then
      assertThat(findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
          .allSatisfy(url -> assertThat(url).matches("/api/(v3|uploads)/repos/acme/approved-packages.*"));
      assertThat(only(uploadRequested(8001)).getBody()).isEqualTo(CONTENT);
      assertThat(publication.installInstructions())
          .startsWith("gh release download " + TAG + " --repo localhost:" + wm.getHttpPort() + "/" + REPO);
    }

    @Test
    void shouldRefuseToPublishWhenTheVerdictIsNotApproved(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      ScanVerdict refused = SeverityPolicy.defaultPolicy().evaluate("tidy-stats",
          List.of(finding("AIRLOCK-DOWNLOAD-EXEC", Severity.HIGH, "setup.py", 3)), TODAY);

      // When / Then
      assertThatThrownBy(() -> repository(gh).publish(request(), generic(ASSET), new InMemoryFetchedArtifact(ASSET, CONTENT),
          refused))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("its verdict is REFUSED");
      assertThat(findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    void shouldNameTheMissingPermissionWhenCreatingTheReleaseIsForbidden(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(404, "notify/error-404.json")));
      stubFor(createRelease().willReturn(gh.json(403, "repository/error-403.json")));

      // When / Then
      assertThatThrownBy(() -> repository(gh).publish(request(), generic(ASSET),
          new InMemoryFetchedArtifact(ASSET, CONTENT), approved()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot publish tidy-stats 1.0.0 as release tidy-stats-1.0.0 on acme/approved-packages")
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("needs 'contents: write' on acme/approved-packages")
          .hasMessageNotContaining(WireMockGitHub.TOKEN);
    }

    @Test
    void shouldSayTheNextRunCompletesItWhenTheUploadAnswers5xx(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(404, "notify/error-404.json")));
      stubFor(createRelease().willReturn(gh.json(201, "repository/release-created.json", values(artifact))));
      stubFor(listAssets(8001).willReturn(json("[]")));
      stubFor(upload(8001).willReturn(gh.json(500, "repository/error-500.json")));

      // When / Then
      assertThatThrownBy(() -> repository(gh).publish(request(), generic(artifact.fileName()), artifact, approved()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot upload " + ASSET + " to release " + TAG + " (the next run completes it)")
          .hasMessageContaining("HTTP 500")
          .hasMessageNotContaining(WireMockGitHub.TOKEN);
    }

    @Test
    void shouldSayTheRepositoryMayBeInvisibleWhenGitHubAnswers404(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubFor(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(404, "notify/error-404.json")));

      // When / Then
      assertThatThrownBy(() -> repository(gh).findBySha256(generic("x.tar.gz"), Sha256.hashOf(CONTENT)))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot look for release tidy-stats-1.0.0 of tidy-stats on acme/approved-packages")
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("contents: read");
    }
  }

  @Nested
  @DisplayName("findBySha256")
  class FindBySha256 {

    @Test
    void shouldFindTheReleaseByItsTagInThreeCallsWhenFiveHundredReleasesExist(WireMockRuntimeInfo wm)
        throws Exception {
      // Given: 500 releases, the matching one among them, listed 100 a page
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFiveHundredReleases(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-created.json", values(artifact))));
      stubFor(listAssets(8001).willReturn(gh.json(200, "repository/assets-uploaded.json", values(artifact))));

      // When
      Optional<Publication> found = repository(gh).findBySha256(generic("x.tar.gz"), artifact.sha256());

      // Then
      assertThat(found).isPresent();
      assertThat(found.get().version()).isEqualTo("1.0.0");
      assertThat(found.get().assetName()).isEqualTo(ASSET);
      assertThat(found.get().location()).endsWith("/acme/approved-packages/releases/tag/" + TAG);
      assertThat(findAll(anyRequestedFor(anyUrl()))).hasSize(3);
      verify(0, getRequestedFor(urlPathEqualTo(REPO_PATH + "/releases")));
    }

    @Test
    void shouldFindNothingInTwoCallsWhenTheVersionHasNoRelease(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepository(gh);
      stubFiveHundredReleases(gh);
      stubFor(releaseByTag().willReturn(gh.json(404, "notify/error-404.json")));

      // When
      Optional<Publication> found = repository(gh).findBySha256(generic("x.tar.gz"), Sha256.hashOf(CONTENT));

      // Then
      assertThat(found).isEmpty();
      assertThat(findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    }

    @Test
    void shouldFindNothingAndLeaveTheConflictToPublishWhenTheTagHoldsOtherContent(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-other-content.json")));

      // When
      Optional<Publication> found = repository(gh).findBySha256(generic("x.tar.gz"), Sha256.hashOf(CONTENT));

      // Then
      assertThat(found).isEmpty();
    }

    @Test
    void shouldFindNothingWhenTheMatchingReleaseLacksItsAsset(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      InMemoryFetchedArtifact artifact = new InMemoryFetchedArtifact(ASSET, CONTENT);
      stubRepository(gh);
      stubFor(releaseByTag().willReturn(gh.json(200, "repository/release-created.json", values(artifact))));
      stubFor(listAssets(8001).willReturn(gh.json(200, "repository/assets-half-uploaded.json", values(artifact))));

      // When
      Optional<Publication> found = repository(gh).findBySha256(generic("x.tar.gz"), artifact.sha256());

      // Then
      assertThat(found).isEmpty();
    }
  }

  private static GitHubReleaseRepository repository(WireMockGitHub gh) {
    return new GitHubReleaseRepository(gh.client(), REPO, WireMockGitHub.AUTHORIZATION);
  }

  private static PackageRequest request() {
    return PackageRequest.builder().name("tidy-stats")
        .url(URI.create("https://files.pythonhosted.org/packages/source/t/tidy-stats/tidy-stats-1.0.0.tar.gz"))
        .requester(Requester.of("alice")).build();
  }

  private static ScanVerdict approved() {
    return SeverityPolicy.defaultPolicy().evaluate("tidy-stats",
        List.of(finding("AIRLOCK-NPM-INSTALL-SCRIPT", Severity.LOW, "package.json", 4)), TODAY);
  }

  private static Map<String, String> values(InMemoryFetchedArtifact artifact) {
    return Map.of("sha256", artifact.sha256().hex(), "size", String.valueOf(artifact.size()));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  private void stubRepository(WireMockGitHub gh) {
    stubFor(get(urlPathEqualTo(api + REPO_PATH)).willReturn(gh.json(200, "repository/repository.json")));
  }

  /**
   * The repository's release listing: 500 Airlock releases of tidy-stats (0.0.1 to 0.0.500, other
   * content), 100 a page, as a look-up that walked the history would see them.
   */
  private void stubFiveHundredReleases(WireMockGitHub gh) {
    for (int page = 1; page <= 5; page++) {
      StringBuilder releases = new StringBuilder("[");
      for (int i = (page - 1) * 100 + 1; i <= page * 100; i++) {
        String tag = "tidy-stats-0.0." + i;
        releases.append(i % 100 == 1 ? "" : ",").append("{\"id\": ").append(20_000 + i)
            .append(", \"tag_name\": \"").append(tag).append("\", \"html_url\": \"https://github.com/")
            .append(REPO).append("/releases/tag/").append(tag).append("\", \"body\": \"<!-- airlock:package="
                + "tidy-stats version=0.0.").append(i).append(" sha256=").append("ab".repeat(32))
            .append(" asset=tidy-stats-0.0.").append(i).append(".tar.gz -->\"}");
      }
      releases.append("]");
      var response = json(releases.toString());
      if (page < 5) {
        String next = gh.apiBase() + REPO_PATH + "/releases?per_page=100&page=" + (page + 1);
        response = response.withHeader("Link", "<" + next + ">; rel=\"next\"");
      }
      stubFor(get(urlPathEqualTo(REPO_PATH + "/releases"))
          .withQueryParam("page", page == 1 ? absent() : equalTo(String.valueOf(page))).willReturn(response));
    }
  }

  private MappingBuilder releaseByTag() {
    return get(urlPathEqualTo(api + REPO_PATH + "/releases/tags/" + TAG));
  }

  private MappingBuilder createRelease() {
    return post(urlPathEqualTo(api + REPO_PATH + "/releases"));
  }

  private MappingBuilder listAssets(long release) {
    return get(urlPathEqualTo(api + REPO_PATH + "/releases/" + release + "/assets"));
  }

  private MappingBuilder upload(long release) {
    return post(urlPathEqualTo(uploads + REPO_PATH + "/releases/" + release + "/assets"));
  }

  private RequestPatternBuilder uploadRequested(long release) {
    return postRequestedFor(urlPathEqualTo(uploads + REPO_PATH + "/releases/" + release + "/assets"));
  }

  private static LoggedRequest only(RequestPatternBuilder pattern) {
    List<LoggedRequest> requests = findAll(pattern);
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  /** A generic tidy-stats 1.0.0 archive published as {@code fileName}. */
  private static Distribution generic(String fileName) {
    return Distribution.generic("tidy-stats", "1.0.0", fileName);
  }
}

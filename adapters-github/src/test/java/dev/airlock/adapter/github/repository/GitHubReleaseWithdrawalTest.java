package dev.airlock.adapter.github.repository;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.adapter.github.testing.WireMockGitHub;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.Publication;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading a release asset back and withdrawing it, through the real hub4j client against WireMock:
 * the asset's bytes come through GitHub's redirect to its storage (without the token), and a
 * withdrawal notes why in the release and deletes the asset, once.
 */
@WireMockTest
class GitHubReleaseWithdrawalTest {
  private static final String REPO = "acme/approved-packages";
  private static final String REPO_PATH = "/repos/" + REPO;
  private static final String TAG = "tidy-stats-1.0.0";
  private static final String ASSET = "tidy-stats-1.0.0.tar.gz";
  private static final byte[] CONTENT = "a harmless tidy-stats archive".getBytes(StandardCharsets.UTF_8);
  private static final InMemoryFetchedArtifact ARTIFACT = new InMemoryFetchedArtifact(ASSET, CONTENT);
  private static final Map<String, String> VALUES =
      Map.of("sha256", ARTIFACT.sha256().hex(), "size", String.valueOf(CONTENT.length));
  private static final Publication PUBLICATION = Publication.builder().repository("github").packageName("tidy-stats")
      .version("1.0.0").assetName(ASSET).sha256(ARTIFACT.sha256())
      .location("https://github.com/acme/approved-packages/releases/tag/" + TAG).installInstructions("gh ...").build();

  private static GitHubReleaseRepository repository(WireMockGitHub gh) {
    return new GitHubReleaseRepository(gh.client(), REPO, WireMockGitHub.AUTHORIZATION);
  }

  private static void stubRelease(WireMockRuntimeInfo wm, WireMockGitHub gh) {
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(200, "repository/repository.json")));
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/tags/" + TAG))
        .willReturn(gh.json(200, "repository/release-created.json", VALUES)));
  }

  @Test
  void shouldDownloadTheAssetThroughTheRedirectWithoutSendingTheTokenToStorage(WireMockRuntimeInfo wm)
      throws Exception {
    // Given
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    stubRelease(wm, gh);
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/8001/assets"))
        .willReturn(gh.json(200, "repository/assets-uploaded.json", VALUES)));
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/assets/9001"))
        .withHeader("Accept", equalTo("application/octet-stream"))
        .willReturn(aResponse().withStatus(302).withHeader("Location", wm.getHttpBaseUrl() + "/storage/9001?sig=s")));
    wm.getWireMock().register(get(urlPathEqualTo("/storage/9001")).willReturn(aResponse().withStatus(200)
        .withBody(CONTENT)));

    // When
    try (FetchedArtifact back = repository(gh).fetch(PUBLICATION)) {
      // Then
      assertThat(back.sha256()).isEqualTo(ARTIFACT.sha256());
      assertThat(back.openStream().readAllBytes()).isEqualTo(CONTENT);
    }
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo(REPO_PATH + "/releases/assets/9001"))
        .withHeader("Authorization", equalTo("Bearer " + WireMockGitHub.TOKEN)));
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo("/storage/9001")).withHeader("Authorization", absent()));
  }

  @Test
  void shouldNoteTheReasonThenDeleteTheAssetOnceWhenWithdrawing(WireMockRuntimeInfo wm) throws Exception {
    // Given
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(200, "repository/repository.json")));
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/tags/" + TAG)).inScenario("withdraw")
        .whenScenarioStateIs(STARTED).willReturn(gh.json(200, "repository/release-created.json", VALUES)));
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/8001/assets")).inScenario("withdraw")
        .whenScenarioStateIs(STARTED).willReturn(gh.json(200, "repository/assets-uploaded.json", VALUES)));
    wm.getWireMock().register(patch(urlPathEqualTo(REPO_PATH + "/releases/8001"))
        .willReturn(gh.json(200, "repository/release-created.json", VALUES)));
    wm.getWireMock().register(delete(urlPathEqualTo(REPO_PATH + "/releases/assets/9001")).inScenario("withdraw")
        .willReturn(aResponse().withStatus(204)).willSetStateTo("withdrawn"));
    String withdrawnBody = gh.fixture("repository/release-created.json", VALUES)
        .replace("\"body\": \"", "\"body\": \"" + GitHubReleaseRepository.WITHDRAWN.replace("\"", "\\\"") + "\\n");
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/tags/" + TAG)).inScenario("withdraw")
        .whenScenarioStateIs("withdrawn").willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody(withdrawnBody)));
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/8001/assets")).inScenario("withdraw")
        .whenScenarioStateIs("withdrawn").willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody("[]")));

    // When
    boolean first = repository(gh).withdraw(PUBLICATION, "revoked by Airlock re-evaluation run r-1: CRITICAL MAL-2030-1");
    boolean second = repository(gh).withdraw(PUBLICATION, "revoked by Airlock re-evaluation run r-2: CRITICAL MAL-2030-1");

    // Then
    assertThat(first).isTrue();
    assertThat(second).isFalse();
    wm.getWireMock().verifyThat(1, patchRequestedFor(urlPathEqualTo(REPO_PATH + "/releases/8001"))
        .withRequestBody(containing("airlock:withdrawn"))
        .withRequestBody(containing("CRITICAL MAL-2030-1"))
        .withRequestBody(containing("tidy-stats 1.0.0 (withdrawn)"))
        .withRequestBody(containing("sha256=" + ARTIFACT.sha256().hex())));
    wm.getWireMock().verifyThat(1, deleteRequestedFor(urlPathEqualTo(REPO_PATH + "/releases/assets/9001")));
    wm.getWireMock().verifyThat(1, deleteRequestedFor(anyUrl()));
  }

  @Test
  void shouldRefuseToTouchAReleaseThatHoldsOtherContent(WireMockRuntimeInfo wm) {
    // Given
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(200, "repository/repository.json")));
    wm.getWireMock().register(get(urlPathEqualTo(REPO_PATH + "/releases/tags/" + TAG))
        .willReturn(gh.json(200, "repository/release-created.json", Map.of("sha256", "cd".repeat(32)))));

    // When
    PortException e = catchThrowableOfType(PortException.class, () -> repository(gh).withdraw(PUBLICATION, "why"));

    // Then
    assertThat(e).hasMessageContaining("does not hold the content Airlock published");
    wm.getWireMock().verifyThat(0, deleteRequestedFor(anyUrl()));
    wm.getWireMock().verifyThat(0, patchRequestedFor(anyUrl()));
  }
}

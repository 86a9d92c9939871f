package dev.airlock.adapter.github.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.airlock.adapter.github.GitHubApiStubs.assertEveryCallAuthenticated;
import static dev.airlock.adapter.github.GitHubApiStubs.client;
import static dev.airlock.adapter.github.GitHubApiStubs.fixture;
import static dev.airlock.adapter.github.GitHubApiStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.adapter.github.RecordingSleeper;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.application.port.PortException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Reading one file at a commit (a policy beside the request file) with the real hub4j client. */
@WireMockTest
class GitHubFilesTest {
  private static final String REPO = "/repos/data-science/package-requests";
  private static final String POLICY = "requests/airlock-policy.yaml";
  private static final String HEAD = "3".repeat(40);
  private static final String BASE = "b".repeat(40);

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void shouldReadTheFileAsItIsAtEachCommitWhenAPullRequestChangesIt(WireMockRuntimeInfo wm) throws Exception {
    // Given the policy at the base, and a waiver added at the head
    stubRepository(wm);
    stubFile(wm, BASE, "threshold: MEDIUM\n");
    stubFile(wm, HEAD, "threshold: MEDIUM\nwaivers: []\n");

    // When
    GitHubFiles files = files(wm);

    // Then
    assertThat(files.readIfPresent(POLICY, BASE, 1024)).hasValueSatisfying(bytes ->
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("threshold: MEDIUM\n"));
    assertThat(files.readIfPresent(POLICY, HEAD, 1024)).hasValueSatisfying(bytes ->
        assertThat(new String(bytes, StandardCharsets.UTF_8)).endsWith("waivers: []\n"));
    assertEveryCallAuthenticated(wm);
  }

  @Test
  void shouldSayThereIsNoFileWhenTheCommitHasNone(WireMockRuntimeInfo wm) throws Exception {
    // Given the base predates the policy file
    stubRepository(wm);
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/contents/" + POLICY)).withQueryParam("ref", equalTo(BASE))
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"Not Found\"}")));

    // When / Then
    assertThat(files(wm).readIfPresent(POLICY, BASE, 1024)).isEmpty();
  }

  @Test
  void shouldRefuseAFileLargerThanAskedForWhenReading(WireMockRuntimeInfo wm) {
    // Given
    stubRepository(wm);
    stubFile(wm, HEAD, "x".repeat(2000));

    // When / Then
    assertThatThrownBy(() -> files(wm).readIfPresent(POLICY, HEAD, 1024))
        .isInstanceOf(PortException.class)
        .hasMessageContaining(POLICY + " at 333333333333 on data-science/package-requests is larger than 1024 bytes");
  }

  @Test
  void shouldNameTheMissingPermissionWhenGitHubRefuses(WireMockRuntimeInfo wm) {
    // Given
    stubRepository(wm);
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/contents/" + POLICY)).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withHeader("X-RateLimit-Remaining", "4998")
        .withBody("{\"message\":\"Resource not accessible by personal access token\"}")));

    // When / Then
    assertThatThrownBy(() -> files(wm).readIfPresent(POLICY, HEAD, 1024))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("read " + POLICY + " at 333333333333 on data-science/package-requests")
        .hasMessageContaining("'contents: read'");
  }

  private GitHubFiles files(WireMockRuntimeInfo wm) {
    return new GitHubFiles(client(wm, "", sleeper), RepositoryName.parse("data-science/package-requests"));
  }

  private static void stubRepository(WireMockRuntimeInfo wm) {
    wm.getWireMock().register(get(urlPathEqualTo(REPO))
        .willReturn(json(fixture("source/push-of-three-commits/repository.json"))));
  }

  private static void stubFile(WireMockRuntimeInfo wm, String commit, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/contents/" + POLICY)).withQueryParam("ref", equalTo(commit))
        .willReturn(json("{\"type\":\"file\",\"encoding\":\"base64\",\"size\":" + bytes.length
            + ",\"name\":\"airlock-policy.yaml\",\"path\":\"" + POLICY + "\",\"sha\":\"" + "9".repeat(40)
            + "\",\"content\":\"" + Base64.getMimeEncoder().encodeToString(bytes).replace("\r\n", "\\n") + "\"}")));
  }
}

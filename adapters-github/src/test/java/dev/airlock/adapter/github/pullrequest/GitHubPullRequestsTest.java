package dev.airlock.adapter.github.pullrequest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.adapter.github.testing.WireMockGitHub;
import dev.airlock.application.port.PortException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a pull request's head and base with the real hub4j client against WireMock. */
@WireMockTest
class GitHubPullRequestsTest {
  private static final String REPO = "/repos/acme/package-requests";
  private static final String HEAD = "3".repeat(40);
  private static final String BASE = "b".repeat(40);

  @AfterEach
  void everyRequestCarriedTheTokenAndGitHubsMediaType() {
    WireMockGitHub.assertEveryRequestAuthenticated(findAll(anyRequestedFor(anyUrl())));
  }

  @Test
  void shouldGiveTheHeadAndBaseCommitsWhenThePullRequestExists(WireMockRuntimeInfo wm) throws Exception {
    // Given
    WireMockGitHub gh = WireMockGitHub.enterprise(wm);
    stubFor(get(urlPathEqualTo(WireMockGitHub.GHES_API + REPO)).willReturn(gh.json(200, "pullrequest/repository.json")));
    stubFor(get(urlPathEqualTo(WireMockGitHub.GHES_API + REPO + "/pulls/7"))
        .willReturn(gh.json(200, "pullrequest/pull-7.json", Map.of("head", HEAD, "base", BASE))));

    // When
    PullRequest pull = new GitHubPullRequests(gh.client(), RepositoryName.parse("acme/package-requests")).find(7);

    // Then
    assertThat(pull).isEqualTo(new PullRequest(7, HEAD, BASE, "main", true));
    assertThat(pull.label()).isEqualTo("#7");
  }

  @Test
  void shouldNameThePullRequestAndThePermissionWhenGitHubFindsNoSuchPullRequest(WireMockRuntimeInfo wm) {
    // Given
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    stubFor(get(urlPathEqualTo(REPO)).willReturn(gh.json(200, "pullrequest/repository.json")));
    stubFor(get(urlPathEqualTo(REPO + "/pulls/8")).willReturn(gh.json(404, "pullrequest/error-404.json")));

    // When / Then
    assertThatThrownBy(() -> new GitHubPullRequests(gh.client(), RepositoryName.parse("acme/package-requests")).find(8))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("read pull request #8 on acme/package-requests")
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("'pull requests: read'");
  }

  @Test
  void shouldRefuseAnAnswerWhoseHeadIsNotACommitWhenGitHubSendsSomethingElse(WireMockRuntimeInfo wm) {
    // Given a head that is not a SHA
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    stubFor(get(urlPathEqualTo(REPO)).willReturn(gh.json(200, "pullrequest/repository.json")));
    stubFor(get(urlPathEqualTo(REPO + "/pulls/7"))
        .willReturn(gh.json(200, "pullrequest/pull-7.json", Map.of("head", "../../etc", "base", BASE))));

    // When / Then
    assertThatThrownBy(() -> new GitHubPullRequests(gh.client(), RepositoryName.parse("acme/package-requests")).find(7))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("head commit '../../etc' is not a commit SHA");
  }
}

package dev.airlock.adapter.github.pullrequest;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.adapter.github.testing.WireMockGitHub;
import dev.airlock.application.port.PortException;
import dev.airlock.application.result.CheckResult;
import dev.airlock.application.result.RequestCheck;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.RequestOutcomes;
import dev.airlock.application.testing.TestData;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pull request notifier against WireMock with the real hub4j client: one status on the checked
 * head, one comment created and then updated in place, and GitHub's refusals named with the permission.
 */
@WireMockTest
@DisplayName("GitHubPullRequestNotifier")
class GitHubPullRequestNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "/repos/acme/package-requests";
  private static final String HEAD = "3".repeat(40);
  private static final String BASE = "b".repeat(40);
  private static final PullRequest PULL = new PullRequest(7, HEAD, BASE, "main", true);
  private static final String COMMENTS = REPO + "/issues/7/comments";
  private static final Finding HOOK = TestData.finding("AIRLOCK-INSTALL-HOOK-DOWNLOAD", Severity.HIGH);

  @AfterEach
  void everyRequestCarriedTheTokenAndGitHubsMediaType() {
    WireMockGitHub.assertEveryRequestAuthenticated(findAll(anyRequestedFor(anyUrl())));
  }

  @Test
  void shouldSetAFailureStatusAndPostOneCommentWhenARowWouldBeRefused(WireMockRuntimeInfo wm) throws Exception {
    // Given a pull request with no Airlock comment yet
    WireMockGitHub gh = stubPullRequest(wm, "[]");
    stubFor(post(urlPathEqualTo(COMMENTS)).willReturn(gh.json(201, "pullrequest/comment-created.json",
        Map.of("id", "6100", "body", "created"))));
    PackageRequest tidy = RequestOutcomes.request("tidy-stats", "alice");

    // When
    notifier(gh).notify(check(wouldApprove(tidy), wouldRefuse(RequestOutcomes.request("fast-json-helper", "bob"))));

    // Then
    JsonNode status = JSON.readTree(only(postRequestedFor(urlPathEqualTo(REPO + "/statuses/" + HEAD))).getBodyAsString());
    assertThat(status.path("state").asText()).isEqualTo("failure");
    assertThat(status.path("context").asText()).isEqualTo("airlock/check");
    assertThat(status.path("description").asText())
        .isEqualTo("Airlock check: 1 would be approved, 1 would be refused, 0 error");
    String body = JSON.readTree(only(postRequestedFor(urlPathEqualTo(COMMENTS))).getBodyAsString()).path("body").asText();
    assertThat(body).startsWith(GitHubPullRequestNotifier.MARKER + "\n### Airlock check")
        .contains("| `tidy-stats` | ✅ would be approved |", "| `fast-json-helper` | ❌ would be refused |",
            "`requests/airlock-policy.yaml`", "cc @alice @bob");
    CheckObservations seen = CheckObservations.parse(body);
    assertThat(seen.size()).isEqualTo(2);
    assertThat(seen.sha256Of(tidy)).contains(RequestOutcomes.SHA);
    assertThat(body).as("the URL stays out of the hidden data").doesNotContain(
        java.util.Base64.getUrlEncoder().encodeToString(tidy.url().toString().getBytes()));
    verify(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void shouldUpdateItsOneCommentWhenThePullRequestIsCheckedAgain(WireMockRuntimeInfo wm) throws Exception {
    // Given the pull request holds a reviewer's comment and Airlock's comment of an earlier push
    WireMockGitHub gh = stubPullRequest(wm, null);
    stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(gh.json(200, "pullrequest/comments-page.json",
        Map.of("body", escaped(GitHubPullRequestNotifier.MARKER + "\n### Airlock check: 0 would be approved")))));
    stubFor(patch(urlPathEqualTo(REPO + "/issues/comments/6002")).willReturn(gh.json(200,
        "pullrequest/comment-created.json", Map.of("id", "6002", "body", "updated"))));

    // When
    notifier(gh).notify(check(wouldApprove(RequestOutcomes.request("tidy-stats", "alice"))));

    // Then
    String body = JSON.readTree(only(patchRequestedFor(urlPathEqualTo(REPO + "/issues/comments/6002")))
        .getBodyAsString()).path("body").asText();
    assertThat(body).contains("### Airlock check: 1 would be approved, 0 would be refused, 0 error");
    verify(0, postRequestedFor(urlPathEqualTo(COMMENTS)));
    assertThat(JSON.readTree(only(postRequestedFor(urlPathEqualTo(REPO + "/statuses/" + HEAD))).getBodyAsString())
        .path("state").asText()).isEqualTo("success");
  }

  @Test
  void shouldLeaveTheCommentAloneWhenTheAdviceIsTheSame(WireMockRuntimeInfo wm) throws Exception {
    // Given the comment already says exactly this
    WireMockGitHub gh = stubPullRequest(wm, null);
    GitHubPullRequestNotifier notifier = notifier(gh);
    CheckResult result = check(wouldApprove(RequestOutcomes.request("tidy-stats", "alice")));
    stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(gh.json(200, "pullrequest/comments-page.json",
        Map.of("body", escaped(notifier.body(result))))));

    // When
    notifier.notify(result);

    // Then
    verify(0, patchRequestedFor(anyUrl()));
    verify(0, postRequestedFor(urlPathEqualTo(COMMENTS)));
    verify(1, postRequestedFor(urlPathEqualTo(REPO + "/statuses/" + HEAD)));
  }

  @Test
  void shouldSetAnErrorStatusWhenARowCouldNotBeCheckedAndNoneWasRefused(WireMockRuntimeInfo wm) throws Exception {
    // Given
    WireMockGitHub gh = stubPullRequest(wm, "[]");
    stubFor(post(urlPathEqualTo(COMMENTS)).willReturn(gh.json(201, "pullrequest/comment-created.json",
        Map.of("id", "6100", "body", "created"))));

    // When
    notifier(gh).notify(check(RequestCheck.of(RequestOutcomes.error(RequestOutcomes.request("numpy", "carol")))));

    // Then
    assertThat(JSON.readTree(only(postRequestedFor(urlPathEqualTo(REPO + "/statuses/" + HEAD))).getBodyAsString())
        .path("state").asText()).isEqualTo("error");
  }

  @Test
  void shouldStillSetTheStatusAndNameThePermissionWhenGitHubRefusesTheComment(WireMockRuntimeInfo wm) {
    // Given a token that may set statuses but not comment
    WireMockGitHub gh = stubPullRequest(wm, "[]");
    stubFor(post(urlPathEqualTo(COMMENTS)).willReturn(gh.json(403, "pullrequest/error-403.json")));

    // When / Then
    assertThatThrownBy(() -> notifier(gh).notify(check(wouldApprove(RequestOutcomes.request("tidy-stats", "alice")))))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("comment on pull request #7 on acme/package-requests")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("'pull requests: write'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(WireMockGitHub.TOKEN));
    verify(1, postRequestedFor(urlPathEqualTo(REPO + "/statuses/" + HEAD)));
  }

  @Test
  void shouldDropTheHiddenDataAndKeepTheAdviceWhenThousandsOfRowsDoNotFitOneComment(WireMockRuntimeInfo wm) {
    // Given 1 500 rows, whose observations alone pass GitHub's comment limit
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    RequestCheck[] checks = java.util.stream.IntStream.range(0, 1500)
        .mapToObj(i -> wouldApprove(RequestOutcomes.request("pkg-" + i, "alice"))).toArray(RequestCheck[]::new);

    // When
    String body = notifier(gh).body(check(checks));

    // Then
    assertThat(body.length()).isLessThanOrEqualTo(GitHubPullRequestNotifier.MAX_COMMENT);
    assertThat(body).startsWith(GitHubPullRequestNotifier.MARKER).contains("1500 would be approved");
    assertThat(CheckObservations.parse(body).size()).isZero();
  }

  // --- helpers

  private static GitHubPullRequestNotifier notifier(WireMockGitHub gh) {
    return new GitHubPullRequestNotifier(gh.client(), RepositoryName.parse("acme/package-requests"), PULL,
        Optional.of("requests/airlock-policy.yaml"));
  }

  /** The repository and pull request #7, a status endpoint, and (unless null) this page of comments. */
  private static WireMockGitHub stubPullRequest(WireMockRuntimeInfo wm, String comments) {
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    stubFor(get(urlPathEqualTo(REPO)).willReturn(gh.json(200, "pullrequest/repository.json")));
    stubFor(get(urlPathEqualTo(REPO + "/pulls/7")).willReturn(gh.json(200, "pullrequest/pull-7.json",
        Map.of("head", HEAD, "base", BASE))));
    stubFor(post(urlPathEqualTo(REPO + "/statuses/" + HEAD)).willReturn(gh.json(201,
        "pullrequest/status-created.json", Map.of("sha", HEAD))));
    if (comments != null) {
      stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
          .withStatus(200).withHeader("Content-Type", "application/json").withBody(comments)));
    }
    return gh;
  }

  private static RequestCheck wouldApprove(PackageRequest request) {
    return RequestCheck.of(RequestOutcome.decided(request,
        SeverityPolicy.defaultPolicy().evaluate(request.name(), List.of(), TestData.TODAY), RequestOutcomes.SHA,
        Optional.empty(), Optional.empty(), Duration.ofSeconds(1)));
  }

  private static RequestCheck wouldRefuse(PackageRequest request) {
    return RequestCheck.of(RequestOutcomes.refused(request, List.of(HOOK)));
  }

  private static CheckResult check(RequestCheck... checks) {
    List<RequestCheck> all = List.of(checks);
    RunResult run = new RunResult("check-7", "acme/package-requests:requests.csv@333333333333",
        Instant.parse("2030-06-15T12:00:00Z"), Instant.parse("2030-06-15T12:00:05Z"),
        all.stream().map(RequestCheck::outcome).toList(), List.of(), Optional.of(HEAD));
    return new CheckResult(run, all, false);
  }

  private static LoggedRequest only(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
    List<LoggedRequest> found = findAll(pattern);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static String escaped(String text) throws Exception {
    String quoted = JSON.writeValueAsString(text);
    return quoted.substring(1, quoted.length() - 1);
  }
}

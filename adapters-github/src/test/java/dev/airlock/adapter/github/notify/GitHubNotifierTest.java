package dev.airlock.adapter.github.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static dev.airlock.adapter.github.testing.OutcomeTestData.COMMIT;
import static dev.airlock.adapter.github.testing.OutcomeTestData.alreadyDecided;
import static dev.airlock.adapter.github.testing.OutcomeTestData.approved;
import static dev.airlock.adapter.github.testing.OutcomeTestData.error;
import static dev.airlock.adapter.github.testing.OutcomeTestData.finding;
import static dev.airlock.adapter.github.testing.OutcomeTestData.refused;
import static dev.airlock.adapter.github.testing.OutcomeTestData.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.adapter.github.testing.WireMockGitHub;
import dev.airlock.application.port.PortException;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The GitHub notifier against WireMock with the real hub4j client: status and comment on a new run,
 * the comment updated in place on re-runs, GitHub Enterprise Server paths, and GitHub's error answers.
 */
@WireMockTest
@DisplayName("GitHubNotifier")
class GitHubNotifierTest {
  private static final String REPO = "acme/package-requests";
  private static final String REPO_PATH = "/repos/" + REPO;
  private static final Map<String, String> SHA = Map.of("sha", COMMIT);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the API lives for the current test: the mock's root, or {@code /api/v3} for GitHub Enterprise Server. */
  private String prefix = "";

  @AfterEach
  void everyRequestCarriedTheTokenAndGitHubsMediaType() {
    WireMockGitHub.assertEveryRequestAuthenticated(findAll(anyRequestedFor(anyUrl())));
  }

  @Nested
  @DisplayName("commit status and comment")
  class StatusAndComment {

    @Test
    void shouldSetAFailureStatusAndCommentATableWhenARequestWasRefused(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createStatus().willReturn(gh.json(201, "notify/status-created.json", Map.of("sha", COMMIT,
          "state", "failure"))));
      stubFor(createComment().willReturn(gh.json(201, "notify/comment-created.json", SHA)));
      RunResult result = run(
          approved("tidy-stats", "alice"),
          refused("fast-json-helper", "bob", finding("AIRLOCK-DOWNLOAD-EXEC", Severity.HIGH, "fast-json-helper/setup.py", 11)));

      // When
      new GitHubNotifier(gh.client(), REPO).notify(result);

      // Then
      JsonNode status = onlyBody(createStatusRequested());
      assertThat(status.get("state").asText()).isEqualTo("failure");
      assertThat(status.get("context").asText()).isEqualTo("airlock");
      assertThat(status.get("description").asText()).isEqualTo("Airlock: 1 approved, 1 refused, 0 error")
          .hasSizeLessThanOrEqualTo(140);
      String comment = onlyBody(createCommentRequested()).get("body").asText();
      assertThat(comment).startsWith(GitHubNotifier.MARKER + "\n")
          .contains("| Package | Verdict | Version and install, or blocking findings | Requested by |")
          .contains("| `tidy-stats` | ✅ approved | `1.0.0`<br>`gh release download tidy-stats-1.0.0 --repo "
              + "acme/approved-packages --pattern 'tidy-stats-1.0.0.tar.gz'`<br>`pip install ./tidy-stats-1.0.0.tar.gz`"
              + " | @alice |")
          .contains("| `fast-json-helper` | ❌ refused | HIGH `AIRLOCK-DOWNLOAD-EXEC` `fast-json-helper/setup.py:11`"
              + " | @bob |")
          .contains("cc @alice @bob")
          .contains("To ask for a waiver");
    }

    @Test
    void shouldSetASuccessStatusWhenEveryNewRequestWasApproved(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createStatus().willReturn(gh.json(201, "notify/status-created.json", Map.of("sha", COMMIT,
          "state", "success"))));
      stubFor(createComment().willReturn(gh.json(201, "notify/comment-created.json", SHA)));

      // When
      new GitHubNotifier(gh.client(), REPO).notify(run(approved("tidy-stats", "alice"),
          alreadyDecided("requests", "carol")));

      // Then
      JsonNode status = onlyBody(createStatusRequested());
      assertThat(status.get("state").asText()).isEqualTo("success");
      assertThat(status.get("description").asText()).isEqualTo("Airlock: 1 approved, 0 refused, 0 error, 1 decided earlier");
      String comment = onlyBody(createCommentRequested()).get("body").asText();
      assertThat(comment).contains("@alice").doesNotContain("@carol").doesNotContain("`requests`")
          .contains("1 request(s) decided by earlier runs are not listed.");
    }

    @Test
    void shouldSetAFailureStatusWhenARequestEndedInError(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createStatus().willReturn(gh.json(201, "notify/status-created.json", Map.of("sha", COMMIT,
          "state", "failure"))));
      stubFor(createComment().willReturn(gh.json(201, "notify/comment-created.json", SHA)));

      // When
      new GitHubNotifier(gh.client(), REPO).notify(run(approved("tidy-stats", "alice"), error("broken-pkg", null)));

      // Then
      assertThat(onlyBody(createStatusRequested()).get("state").asText()).isEqualTo("failure");
      assertThat(onlyBody(createCommentRequested()).get("body").asText())
          .contains("| `broken-pkg` | ⚠️ error | `download failed with HTTP 404` | - |")
          .contains("the next run retries it");
    }

    @Test
    void shouldReportThroughTheEnterpriseApiPathWhenTheBaseUrlIsGitHubEnterpriseServer(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      prefix = WireMockGitHub.GHES_API;
      WireMockGitHub gh = WireMockGitHub.enterprise(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createStatus().willReturn(gh.json(201, "notify/status-created.json", Map.of("sha", COMMIT,
          "state", "success"))));
      stubFor(createComment().willReturn(gh.json(201, "notify/comment-created.json", SHA)));

      // When
      new GitHubNotifier(gh.client(), REPO).notify(run(approved("tidy-stats", "alice")));

      // Then
      assertThat(findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
          .allSatisfy(url -> assertThat(url).startsWith("/api/v3/repos/acme/package-requests"));
      assertThat(onlyBody(createStatusRequested()).get("state").asText()).isEqualTo("success");
      assertThat(findAll(createCommentRequested())).hasSize(1);
    }
  }

  @Nested
  @DisplayName("re-runs")
  class Reruns {

    @Test
    void shouldUpdateTheEarlierCommentWhenItIsOnALaterPageOfComments(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubFor(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(200, "notify/repository.json")));
      stubFor(listComments().withQueryParam("page", absent()).willReturn(gh.json(200, "notify/comments-page-1.json", SHA)
          .withHeader("Link", "<" + gh.apiBase() + REPO_PATH + "/commits/" + COMMIT
              + "/comments?per_page=100&page=2>; rel=\"next\", <" + gh.apiBase() + REPO_PATH + "/commits/" + COMMIT
              + "/comments?per_page=100&page=2>; rel=\"last\"")));
      stubFor(listComments().withQueryParam("page", equalTo("2"))
          .willReturn(gh.json(200, "notify/comments-page-2.json", SHA)));
      stubFor(createStatus().willReturn(gh.json(201, "notify/status-created.json", Map.of("sha", COMMIT,
          "state", "success"))));
      stubFor(updateComment(4711).willReturn(gh.json(200, "notify/comment-updated.json", SHA)));

      // When
      new GitHubNotifier(gh.client(), REPO).notify(run(approved("broken-pkg", "carol")));

      // Then
      verify(getRequestedFor(urlPathEqualTo(listCommentsPath())).withQueryParam("per_page", equalTo("100"))
          .withQueryParam("page", equalTo("2")));
      assertThat(onlyBody(patchRequestedFor(urlPathEqualTo(REPO_PATH + "/comments/4711"))).get("body").asText())
          .startsWith(GitHubNotifier.MARKER).contains("| `broken-pkg` | ✅ approved |").contains("@carol");
      verify(0, createCommentRequested());
      verify(0, patchRequestedFor(urlPathEqualTo(REPO_PATH + "/comments/4002")));
    }

    @Test
    void shouldLeaveTheEarlierStatusAndCommentWhenARerunDecidedNothingNew(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubFor(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(200, "notify/repository.json")));
      stubFor(listComments().willReturn(gh.json(200, "notify/comments-page-2.json", SHA)));

      // When
      new GitHubNotifier(gh.client(), REPO).notify(run(alreadyDecided("tidy-stats", "alice")));

      // Then
      verify(0, createStatusRequested());
      verify(0, createCommentRequested());
      verify(0, patchRequestedFor(anyUrl()));
    }

    @Test
    void shouldLeaveTheStatusAloneWhenAnotherRunIsDecidingEverything(WireMockRuntimeInfo wm) throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubFor(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(200, "notify/repository.json")));
      stubFor(listComments().willReturn(gh.json(200, "notify/comments-page-1.json", SHA)));
      RequestOutcome elsewhere = RequestOutcome.inProgressElsewhere(
          dev.airlock.adapter.github.testing.OutcomeTestData.request("tidy-stats", "alice"), Optional.empty(),
          java.time.Duration.ZERO);

      // When
      new GitHubNotifier(gh.client(), REPO).notify(run(elsewhere));

      // Then
      verify(0, createStatusRequested());
      verify(0, createCommentRequested());
    }

    @Test
    void shouldSetASuccessStatusWithoutACommentWhenNothingIsNewAndNoRunCommentedBefore(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubFor(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(200, "notify/repository.json")));
      stubFor(listComments().willReturn(gh.json(200, "notify/comments-page-1.json", SHA)));
      stubFor(createStatus().willReturn(gh.json(201, "notify/status-created.json", Map.of("sha", COMMIT,
          "state", "success"))));

      // When
      new GitHubNotifier(gh.client(), REPO).notify(run(alreadyDecided("tidy-stats", "alice")));

      // Then
      JsonNode status = onlyBody(createStatusRequested());
      assertThat(status.get("state").asText()).isEqualTo("success");
      assertThat(status.get("description").asText()).isEqualTo("Airlock: nothing new to decide (1 decided earlier)");
      verify(0, createCommentRequested());
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    void shouldNameTheMissingPermissionAndStillCommentWhenTheStatusIsForbidden(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createStatus().willReturn(gh.json(403, "notify/error-403.json")));
      stubFor(createComment().willReturn(gh.json(201, "notify/comment-created.json", SHA)));

      // When / Then
      assertThatThrownBy(() -> new GitHubNotifier(gh.client(), REPO).notify(run(approved("tidy-stats", "alice"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot set the commit status on 1a2b3c4 on acme/package-requests")
          .hasMessageContaining("needs 'commit statuses: write' on acme/package-requests")
          .hasMessageNotContaining(WireMockGitHub.TOKEN);
      verify(1, createCommentRequested());
    }

    @Test
    void shouldSayTheRepositoryMayBeInvisibleWhenGitHubAnswers404(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubFor(get(urlPathEqualTo(REPO_PATH)).willReturn(gh.json(404, "notify/error-404.json")));

      // When / Then
      assertThatThrownBy(() -> new GitHubNotifier(gh.client(), REPO).notify(run(approved("tidy-stats", "alice"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("acme/package-requests")
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("contents: read")
          .hasMessageNotContaining(WireMockGitHub.TOKEN);
      verify(0, createStatusRequested());
    }

    @Test
    void shouldReportAnInvalidRequestWhenGitHubAnswers422(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createStatus().willReturn(gh.json(422, "notify/error-422.json", SHA)));
      stubFor(createComment().willReturn(gh.json(201, "notify/comment-created.json", SHA)));

      // When / Then
      assertThatThrownBy(() -> new GitHubNotifier(gh.client(), REPO).notify(run(approved("tidy-stats", "alice"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot set the commit status on 1a2b3c4")
          .hasMessageContaining("HTTP 422");
    }

    @Test
    void shouldSayGitHubFailedWhenTheCommentAnswers5xx(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createStatus().willReturn(gh.json(201, "notify/status-created.json", Map.of("sha", COMMIT,
          "state", "success"))));
      stubFor(createComment().willReturn(gh.json(502, "notify/error-502.json")));

      // When / Then
      assertThatThrownBy(() -> new GitHubNotifier(gh.client(), REPO).notify(run(approved("tidy-stats", "alice"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("cannot comment on commit 1a2b3c4 on acme/package-requests")
          .hasMessageContaining("HTTP 502");
      verify(1, createStatusRequested());
    }

    @Test
    void shouldSayWhatIsMissingWhenTheRunNamesNoCommit(WireMockRuntimeInfo wm) {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      RunResult noCommit = new RunResult("run-7", "package-requests.csv", Instant.EPOCH, Instant.EPOCH,
          List.of(approved("tidy-stats", "alice")), List.of(), Optional.empty());

      // When / Then
      assertThatThrownBy(() -> new GitHubNotifier(gh.client(), REPO).notify(noCommit))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("names no commit")
          .hasMessageContaining("--commit");
      assertThat(findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  @Nested
  @DisplayName("GitHub's limits")
  class Limits {

    @Test
    void shouldKeepTheCommentUnderGitHubsLimitWhenHundredsOfPackagesHaveManyFindings() {
      // Given
      Finding[] findings = IntStream.range(0, 200)
          .mapToObj(i -> finding("AIRLOCK-DECODE-EXEC", Severity.HIGH, "pkg/generated/module_" + i + ".py", i + 1))
          .toArray(Finding[]::new);
      List<RequestOutcome> outcomes = new ArrayList<>();
      IntStream.range(0, 150).forEach(i -> outcomes.add(refused("pkg-" + i, "alice", findings)));

      // When
      String body = GitHubNotifier.body(run(outcomes.toArray(RequestOutcome[]::new)));

      // Then
      assertThat(body).startsWith(GitHubNotifier.MARKER).hasSizeLessThanOrEqualTo(GitHubNotifier.MAX_COMMENT)
          .contains("`pkg-0`").contains("more");
    }
  }

  @Nested
  @DisplayName("re-evaluation")
  class Reevaluation {

    @Test
    void shouldCommentOnTheRequestingCommitAndLeaveItsStatusWhenAnApprovalIsRevoked(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      WireMockGitHub gh = WireMockGitHub.githubCom(wm);
      stubRepositoryAndCommit(gh, "[]");
      stubFor(createComment().willReturn(gh.json(201, "notify/comment-created.json", SHA)));
      var request = dev.airlock.application.testing.RequestOutcomes.request("tidy-stats", "alice");
      var publication = dev.airlock.adapter.github.testing.OutcomeTestData.publication("tidy-stats");
      var approvedEarlier = dev.airlock.domain.Decision.builder()
          .key(request.key().withContent(publication.sha256())).packageName("tidy-stats")
          .outcome(dev.airlock.domain.ScanVerdict.Outcome.APPROVED).version("1.0.0").publication(publication)
          .requester(request.requester()).decidedAt(Instant.parse("2030-06-01T10:00:00Z")).runId("run-3")
          .commit(COMMIT).build();
      var verdict = dev.airlock.domain.SeverityPolicy.defaultPolicy().evaluate("tidy-stats",
          List.of(Finding.builder().ruleId("MAL-2030-1").title("Malicious code in tidy-stats")
              .severity(Severity.CRITICAL).scanner("osv").build()),
          dev.airlock.adapter.github.testing.OutcomeTestData.TODAY);
      RequestOutcome revoked = RequestOutcome.reevaluated(request, RequestOutcome.Status.REVOKED,
          Optional.of(verdict), approvedEarlier, Optional.of(publication), java.time.Duration.ZERO);
      RunResult result = new RunResult("reevaluate-9", "ledger", Instant.parse("2030-06-15T12:00:00Z"),
          Instant.parse("2030-06-15T12:00:05Z"), List.of(revoked), List.of());

      // When
      new GitHubNotifier(gh.client(), REPO).notify(result);

      // Then
      String comment = onlyBody(createCommentRequested()).get("body").asText();
      assertThat(comment).startsWith(GitHubNotifier.REEVALUATION_MARKER + "\n")
          .contains("1 revoked")
          .contains("| `tidy-stats` | ⛔ revoked | CRITICAL `MAL-2030-1` `-` | @alice |")
          .contains("uninstall it wherever it was installed");
      verify(0, postRequestedFor(urlPathEqualTo(REPO_PATH + "/statuses/" + COMMIT)));
    }
  }

  private void stubRepositoryAndCommit(WireMockGitHub gh, String comments) {
    stubFor(get(urlPathEqualTo(prefix + REPO_PATH)).willReturn(gh.json(200, "notify/repository.json")));
    stubFor(get(urlPathEqualTo(prefix + REPO_PATH + "/commits/" + COMMIT))
        .willReturn(gh.json(200, "notify/commit.json", SHA)));
    stubFor(listComments().willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(comments)));
  }

  private String listCommentsPath() {
    return prefix + REPO_PATH + "/commits/" + COMMIT + "/comments";
  }

  private MappingBuilder listComments() {
    return get(urlPathEqualTo(listCommentsPath()));
  }

  private MappingBuilder createStatus() {
    return post(urlPathEqualTo(prefix + REPO_PATH + "/statuses/" + COMMIT));
  }

  private RequestPatternBuilder createStatusRequested() {
    return postRequestedFor(urlPathEqualTo(prefix + REPO_PATH + "/statuses/" + COMMIT))
        .withRequestBody(matchingJsonPath("$.context", equalTo("airlock")));
  }

  private MappingBuilder createComment() {
    return post(urlPathEqualTo(listCommentsPath()));
  }

  private RequestPatternBuilder createCommentRequested() {
    return postRequestedFor(urlPathEqualTo(listCommentsPath()));
  }

  private MappingBuilder updateComment(long id) {
    return patch(urlPathEqualTo(prefix + REPO_PATH + "/comments/" + id));
  }

  private static JsonNode onlyBody(RequestPatternBuilder pattern) throws Exception {
    List<LoggedRequest> requests = findAll(pattern);
    assertThat(requests).hasSize(1);
    return JSON.readTree(requests.get(0).getBodyAsString());
  }
}

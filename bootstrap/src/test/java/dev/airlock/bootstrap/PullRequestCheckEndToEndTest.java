package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.bootstrap.AirlockCli.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock check} on a pull request, in-process through the real CLI: the real hub4j client reads
 * the pull request, its request file and its commits from a GitHub Enterprise Server API on WireMock
 * (loopback), the built-in scanner checks the example archives served by the same host, and the
 * advice lands on the pull request as one comment and one commit status. Nothing is published and no
 * decision is recorded.
 */
@WireMockTest
class PullRequestCheckEndToEndTest {
  private static final String TOKEN = "github_pat_11AIRLOCKPR0_neverPrintedAnywhere0123456789";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v3";
  private static final String REPO = "/repos/data-science/package-requests";
  private static final String PATH = "requests/external-package-request.csv";
  private static final String BASE = "a".repeat(40);
  private static final String HEAD = "c2".repeat(20);
  private static final String COMMENTS = API + REPO + "/issues/7/comments";
  private static final String POLICY = "requests/airlock-policy.yaml";
  private static final String MERGE = "d1".repeat(20);

  @TempDir
  Path work;

  private final Map<String, String> env = new HashMap<>();
  private Path dataDir;
  private String baseUrl;

  @BeforeEach
  void serveGitHubAndArchives(WireMockRuntimeInfo wm) throws IOException {
    dataDir = work.resolve("data");
    baseUrl = wm.getHttpBaseUrl();
    for (String archive : List.of("tidy-stats-1.0.0.tar.gz", "fast-json-helper-0.3.1.tar.gz")) {
      wm.getWireMock().register(get(urlPathEqualTo("/packages/" + archive)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/gzip")
          .withBody(Files.readAllBytes(Path.of("..", "examples", "packages", archive)))));
    }
    register(wm, REPO, fixture("repository.json"));
    pullRequestAt(wm, HEAD);
    fileAt(wm, PATH, HEAD, fixture("external-package-request.csv"));
    register(wm, REPO + "/compare/" + BASE + "..." + HEAD, fixture("compare.json"));
    register(wm, REPO + "/commits/" + "c1".repeat(20), fixture("commit-1.json"));
    register(wm, REPO + "/commits/" + HEAD, fixture("commit-2.json"));
    register(wm, "/users/alice", fixture("user-alice.json"));
    register(wm, "/users/bob", fixture("user-bob.json"));
    stub(wm, get(urlPathEqualTo(COMMENTS)), 200, "[]");
    stub(wm, post(urlPathEqualTo(COMMENTS)), 201, comment(6100, "created").toString());
    stub(wm, post(urlPathMatching(API + REPO + "/statuses/.*")), 201, "{\"id\":1,\"state\":\"failure\"}");

    env.put("AIRLOCK_GITHUB_API_URL", baseUrl + API);
    env.put("AIRLOCK_GITHUB_REPOSITORY", "data-science/package-requests");
    env.put("AIRLOCK_GITHUB_TOKEN", TOKEN);
    env.put("AIRLOCK_ALLOWED_HOSTS", "localhost:" + wm.getHttpPort());
    // As CodeBuild sets them for a pull request event
    env.put("CODEBUILD_WEBHOOK_TRIGGER", "pr/7");
    env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", HEAD);
  }

  @Test
  void shouldAdviseOnThePullRequestAndDecideOnlyOnTheMergeWhenRunAsTheAirlockProcess(WireMockRuntimeInfo wm)
      throws Exception {
    // When CodeBuild's pull request build runs the airlock executable
    Path build = Files.createDirectories(work.resolve("pull-request-build"));
    AirlockProcess.Run check = AirlockProcess.run(build, env, List.of("check", PATH, "--notifiers", "github",
        "--data-dir", dataDir.toString(), "--format", "json"));

    // Then the pull request gets one comment and a failure status, and nothing is published or recorded
    assertThat(check.code()).as(check.err()).isZero();
    String comment = onlyCommentPosted(wm);
    assertThat(comment).contains("| `tidy-stats` | ✅ would be approved |", "| `fast-json-helper` | ❌ would be refused |");
    assertThat(JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(API + REPO + "/statuses/" + HEAD)))
        .getBodyAsString()).path("state").asText()).isEqualTo("failure");
    assertThat(dataDir.resolve("repository")).doesNotExist();
    assertThat(dataDir.resolve("ledger")).doesNotExist();

    // When the pipeline's build runs it on the merge push
    mergedWithCheckComment(wm, comment);
    Path merge = Files.createDirectories(work.resolve("merge-build"));
    AirlockProcess.Run run = AirlockProcess.run(merge, env, List.of("run", PATH, "--source", "github",
        "--commit", MERGE, "--base-commit", BASE, "--data-dir", dataDir.toString(), "--format", "json"));

    // Then the merge decides and publishes the clean package once
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("requests").findValuesAsText("status"))
        .containsExactly("APPROVED", "REFUSED");
    try (Stream<Path> bySha = Files.list(dataDir.resolve("repository/tidy-stats/by-sha256"))) {
      assertThat(bySha).hasSize(1);
    }
    assertThat(dataDir.resolve("repository/fast-json-helper")).doesNotExist();
    assertThat(check.out() + check.err() + run.out() + run.err()).doesNotContain(TOKEN);
  }

  @Test
  void shouldCommentOnceAndFailTheStatusAndPublishNothingWhenAPullRequestAddsACleanAndAMaliciousRow(
      WireMockRuntimeInfo wm) throws Exception {
    // When
    Result check = airlock("check", PATH, "--notifiers", "github");

    // Then the exit code is run's: every row was checked
    assertThat(check.code()).as(check.err()).isZero();
    JsonNode doc = JSON.readTree(check.out());
    assertThat(doc.path("requests").findValuesAsText("status")).containsExactly("APPROVED", "REFUSED");
    assertThat(doc.path("requests").findValuesAsText("requester")).containsExactly("alice", "bob");
    assertThat(doc.path("check").path("adviceOnly").asBoolean()).isTrue();
    assertThat(doc.path("check").path("pullRequest").asInt()).isEqualTo(7);
    assertThat(doc.path("check").path("head").asText()).isEqualTo(HEAD);
    // one comment with the verdicts, the blocking findings and how to ask for a waiver
    String body = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(COMMENTS))).getBodyAsString())
        .path("body").asText();
    assertThat(body).startsWith("<!-- airlock:check -->")
        .contains("| `tidy-stats` | ✅ would be approved |", "| `fast-json-helper` | ❌ would be refused |",
            "#### Blocking findings", "#### To ask for a waiver", "  - package: \"fast-json-helper\"",
            "cc @alice @bob", "Advice only");
    // a failure status on the pull request's head
    JsonNode status = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(API + REPO + "/statuses/" + HEAD)))
        .getBodyAsString());
    assertThat(status.path("state").asText()).isEqualTo("failure");
    assertThat(status.path("context").asText()).isEqualTo("airlock/check");
    // nothing published, no decision recorded; only the reports are written
    assertThat(dataDir.resolve("repository")).doesNotExist();
    assertThat(dataDir.resolve("ledger")).doesNotExist();
    try (Stream<Path> written = Files.list(dataDir)) {
      assertThat(written.map(p -> p.getFileName().toString())).containsExactly("reports");
    }
    assertThat(JSON.readTree(dataDir.resolve("reports/airlock-report.json").toFile()).path("inputs")
        .path("repository").asText()).isEqualTo("none");
    assertTokenOnlyAuthorizesGitHub(wm, check);
    List<String> calls = wm.getWireMock().find(anyRequestedFor(urlPathMatching(API + "/.*"))).stream()
        .map(r -> r.getMethod() + " " + r.getUrl()).toList();
    // rate_limit; repository and pull request; repository, file, compare (opened, then its page), 2 commits,
    // 2 authors; repository, pull request, its comments, the status and the comment
    assertThat(calls).as("GitHub calls of one check: one per commit and per author, none per row").hasSize(16);
  }

  @Test
  void shouldUpdateTheSameCommentWhenTheBranchIsPushedAgain(WireMockRuntimeInfo wm) throws Exception {
    // Given the first check commented
    Result first = airlock("check", PATH, "--notifiers", "github");
    assertThat(first.code()).as(first.err()).isZero();
    String firstBody = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(COMMENTS))).getBodyAsString())
        .path("body").asText();
    // and a second push moved the pull request to a commit that changes another file
    String head2 = "c3".repeat(20);
    ObjectNode third = (ObjectNode) JSON.readTree(fixture("commit-2.json"));
    third.put("sha", head2);
    ((ObjectNode) third.withArray("parents").get(0)).put("sha", HEAD);
    ((ObjectNode) third.withArray("files").get(0)).put("filename", "README.md").put("patch", "@@ -0,0 +1 @@\n+thanks");
    ObjectNode compare = (ObjectNode) JSON.readTree(fixture("compare.json"));
    compare.withArray("commits").add(third.deepCopy().without(List.of("files")));
    register(wm, REPO + "/compare/" + BASE + "..." + head2, compare.toString());
    register(wm, REPO + "/commits/" + head2, third.toString());
    fileAt(wm, PATH, head2, fixture("external-package-request.csv"));
    pullRequestAt(wm, head2);
    ArrayNode comments = JSON.createArrayNode().add(comment(6001, "Looks fine to me"))
        .add(comment(6100, firstBody));
    stub(wm, get(urlPathEqualTo(COMMENTS)), 200, comments.toString());
    stub(wm, patch(urlPathEqualTo(API + REPO + "/issues/comments/6100")), 200, comment(6100, "updated").toString());
    env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", head2);

    // When
    Result second = airlock("check", PATH, "--notifiers", "github");

    // Then the one comment is updated in place, and the new head gets its status
    assertThat(second.code()).as(second.err()).isZero();
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo(COMMENTS)));
    String updated = JSON.readTree(only(wm, patchRequestedFor(urlPathEqualTo(API + REPO + "/issues/comments/6100")))
        .getBodyAsString()).path("body").asText();
    assertThat(updated).isNotEqualTo(firstBody).contains("| `tidy-stats` | ✅ would be approved |",
        "| `fast-json-helper` | ❌ would be refused |");
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo(API + REPO + "/statuses/" + head2)));
    assertThat(dataDir.resolve("ledger")).doesNotExist();
  }

  @Test
  void shouldShowTheVerdictAsApprovedBecauseOfTheWaiverWhenThePullRequestAddsAWaiverForTheMaliciousRow(
      WireMockRuntimeInfo wm) throws Exception {
    // Given the rules that block fast-json-helper
    Result plain = airlock("check", PATH);
    List<String> rules = new ArrayList<>();
    JSON.readTree(plain.out()).path("requests").get(1).path("blockingFindings")
        .forEach(f -> rules.add(f.path("rule").asText()));
    assertThat(rules).isNotEmpty();
    // and a pull request that also adds InfoSec's waivers for them to the policy file
    fileAt(wm, POLICY, BASE, "threshold: MEDIUM\n");
    StringBuilder withWaivers = new StringBuilder("threshold: MEDIUM\nwaivers:\n");
    rules.stream().distinct().forEach(rule -> withWaivers.append("  - package: fast-json-helper\n")
        .append("    rule: ").append(rule).append("\n")
        .append("    justification: the install hook only builds a C extension (SEC-991)\n")
        .append("    expires: 2027-03-31\n"));
    fileAt(wm, POLICY, HEAD, withWaivers.toString());

    // When
    Result check = airlock("check", PATH, "--notifiers", "github", "--policy-path", POLICY);

    // Then both rows would be approved, the second only because of the pull request's waiver
    assertThat(check.code()).as(check.err()).isZero();
    JsonNode doc = JSON.readTree(check.out());
    assertThat(doc.path("requests").findValuesAsText("status")).containsExactly("APPROVED", "APPROVED");
    assertThat(doc.path("check").path("policyChanged").asBoolean()).isTrue();
    assertThat(doc.path("check").path("requests").findValuesAsText("policyEffect"))
        .containsExactly("NONE", "APPROVED_BY_CHANGE");
    assertThat(doc.path("check").path("requests").get(1).path("beforePolicyChange").asText()).isEqualTo("REFUSED");
    String body = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(COMMENTS))).getBodyAsString())
        .path("body").asText();
    assertThat(body).contains("| `fast-json-helper` | ✅ would be approved<br>**approved because of the waiver"
            + (rules.stream().distinct().count() == 1 ? "" : "s") + " added in this pull request (fast-json-helper/"
            + rules.get(0) + " (until 2027-03-31)",
        "**This pull request changes the policy.** 1 verdict(s) above depend on it")
        .doesNotContain("#### To ask for a waiver");
    JsonNode status = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(API + REPO + "/statuses/" + HEAD)))
        .getBodyAsString());
    assertThat(status.path("state").asText()).isEqualTo("success");
    assertThat(status.path("description").asText()).endsWith("1 only with this pull request's policy change");
    assertThat(dataDir.resolve("ledger")).doesNotExist();
  }

  @Test
  void shouldStopAndNameTheFileWhenThePullRequestBreaksThePolicy(WireMockRuntimeInfo wm) throws Exception {
    // Given a policy file the pull request made invalid
    fileAt(wm, POLICY, BASE, "threshold: MEDIUM\n");
    fileAt(wm, POLICY, HEAD, "threshold: SEVERE\n");

    // When
    Result check = airlock("check", PATH, "--notifiers", "github", "--policy-path", POLICY);

    // Then
    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err()).contains("policy file " + POLICY + " at c2c2c2c2c2c2 (pull request #7)", "threshold");
    wm.getWireMock().verifyThat(0, postRequestedFor(anyUrl()));
  }

  @Test
  void shouldPublishTheCleanPackageOnceWhenThePullRequestIsMerged(WireMockRuntimeInfo wm) throws Exception {
    // Given the pull request was checked, and then merged
    Result check = airlock("check", PATH, "--notifiers", "github");
    assertThat(check.code()).as(check.err()).isZero();
    mergedWithCheckComment(wm, onlyCommentPosted(wm));

    // When the merge push runs Airlock
    Result merge = airlock("run", PATH, "--source", "github", "--commit", MERGE, "--base-commit", BASE);

    // Then the merge decides: the clean package is published, the malicious one refused, both recorded
    assertThat(merge.code()).as(merge.err()).isZero();
    JsonNode doc = JSON.readTree(merge.out());
    assertThat(doc.path("requests").findValuesAsText("status")).containsExactly("APPROVED", "REFUSED");
    assertThat(doc.path("requests").findValuesAsText("requester")).containsExactly("alice", "bob");
    assertThat(dataDir.resolve("repository/tidy-stats")).isDirectory();
    assertThat(dataDir.resolve("repository/fast-json-helper")).doesNotExist();
    assertThat(doc.path("warnings")).isEmpty();
    // and the package was fetched again, not taken on the check's word
    wm.getWireMock().verifyThat(2, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
        urlPathEqualTo("/packages/tidy-stats-1.0.0.tar.gz")));

    // When the same push is run again
    Result again = airlock("run", PATH, "--source", "github", "--commit", MERGE, "--base-commit", BASE);

    // Then nothing new is decided or published
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(JSON.readTree(again.out()).path("requests").findValuesAsText("status"))
        .containsOnly("ALREADY_DECIDED");
    try (Stream<Path> versions = Files.list(dataDir.resolve("repository/tidy-stats"))) {
      assertThat(versions.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("1.0.0", "by-sha256");
    }
    try (Stream<Path> bySha = Files.list(dataDir.resolve("repository/tidy-stats/by-sha256"))) {
      assertThat(bySha).as("one publication of one content").hasSize(1);
    }
  }

  @Test
  void shouldEndInErrorAndPublishNothingWhenTheUpstreamFileChangedBetweenCheckAndMerge(WireMockRuntimeInfo wm)
      throws Exception {
    // Given the pull request was checked and merged, and then the upstream tidy-stats archive was replaced
    Result check = airlock("check", PATH, "--notifiers", "github");
    assertThat(check.code()).as(check.err()).isZero();
    String checked = JSON.readTree(check.out()).path("requests").get(0).path("sha256").asText();
    mergedWithCheckComment(wm, onlyCommentPosted(wm));
    wm.getWireMock().register(get(urlPathEqualTo("/packages/tidy-stats-1.0.0.tar.gz")).atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/gzip")
            .withBody(Files.readAllBytes(Path.of("..", "examples", "packages", "fast-json-helper-0.3.1.tar.gz")))));

    // When
    Result merge = airlock("run", PATH, "--source", "github", "--commit", MERGE, "--base-commit", BASE);

    // Then
    assertThat(merge.code()).isEqualTo(1);
    JsonNode tidy = JSON.readTree(merge.out()).path("requests").get(0);
    assertThat(tidy.path("status").asText()).isEqualTo("ERROR");
    assertThat(tidy.path("error").asText()).startsWith("the upstream file changed between check and merge: "
        + "the check of pull request #7 saw SHA-256 " + checked);
    assertThat(dataDir.resolve("repository/tidy-stats")).doesNotExist();
  }

  @Test
  void shouldOnlyPrintTheAdviceWhenNoGitHubNotifierIsChosen(WireMockRuntimeInfo wm) throws Exception {
    // When
    Result check = airlock("check", PATH, "--format", "text");

    // Then
    assertThat(check.code()).as(check.err()).isZero();
    assertThat(check.out()).containsPattern("tidy-stats\\s+APPROVED\\s+-\\s+alice")
        .containsPattern("fast-json-helper\\s+REFUSED\\s+HIGH AIRLOCK-")
        .contains("Airlock check: 1 would be approved, 1 would be refused, 0 error", "Advice only");
    wm.getWireMock().verifyThat(0, postRequestedFor(anyUrl()));
    wm.getWireMock().verifyThat(0, patchRequestedFor(anyUrl()));
  }

  @Test
  void shouldStopWithAUsageErrorWhenNoPullRequestIsKnownForTheGitHubSource(WireMockRuntimeInfo wm) {
    // Given a push build, not a pull request's
    env.put("CODEBUILD_WEBHOOK_TRIGGER", "branch/main");

    // When
    Result check = airlock("check", PATH, "--source", "github");

    // Then
    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err()).contains("CODEBUILD_WEBHOOK_TRIGGER", "not a pull request");
    assertThat(wm.getWireMock().find(anyRequestedFor(urlPathMatching(API + "/.*")))).isEmpty();
  }

  @Test
  void shouldRefuseASnsNotifierWhenChecking(WireMockRuntimeInfo wm) {
    // When
    Result check = airlock("check", PATH, "--notifiers", "sns");

    // Then
    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err()).contains("unknown notifier 'sns'", "console, github");
  }

  @Test
  void shouldListTheCheckCommandAndItsPullRequestOptionsWhenAskedForHelp(WireMockRuntimeInfo wm) {
    // When
    Result help = airlock("--help");
    Result checkHelp = airlock("check", "--help");

    // Then
    assertThat(help.code()).isZero();
    assertThat(help.out()).containsPattern("(?m)^\\s+check\\s+Check the rows a pull request adds");
    assertThat(checkHelp.code()).isZero();
    assertThat(checkHelp.out()).contains("--pull-request", "--policy-path", "Advice only", "Exit codes:");
  }

  // --- helpers

  /** The body of the one comment the check posted. */
  private static String onlyCommentPosted(WireMockRuntimeInfo wm) throws IOException {
    return JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(COMMENTS))).getBodyAsString()).path("body").asText();
  }

  /**
   * The merge of pull request #7 as GitHub shows it afterwards: a merge commit {@link #MERGE} whose push
   * brings c1 and c2, the pull request merged, its comments holding the check's comment.
   */
  private void mergedWithCheckComment(WireMockRuntimeInfo wm, String checkComment) throws IOException {
    ObjectNode merge = (ObjectNode) JSON.readTree(fixture("commit-2.json"));
    merge.put("sha", MERGE);
    merge.putArray("parents").add(JSON.createObjectNode().put("sha", BASE))
        .add(JSON.createObjectNode().put("sha", HEAD));
    merge.remove("files");
    ObjectNode compare = (ObjectNode) JSON.readTree(fixture("compare.json"));
    compare.withArray("commits").add(merge.deepCopy());
    register(wm, REPO + "/compare/" + BASE + "..." + MERGE, compare.toString());
    register(wm, REPO + "/commits/" + MERGE, merge.toString());
    fileAt(wm, PATH, MERGE, fixture("external-package-request.csv"));
    ObjectNode pull = JSON.createObjectNode().put("number", 7).put("state", "closed")
        .put("merged_at", "2026-11-30T09:50:00Z").put("url", baseUrl + API + REPO + "/pulls/7");
    register(wm, REPO + "/commits/" + MERGE + "/pulls", JSON.createArrayNode().add(pull).toString());
    stub(wm, get(urlPathEqualTo(COMMENTS)), 200, JSON.createArrayNode().add(comment(6001, "Ship it"))
        .add(comment(6100, checkComment)).toString());
    // A push build, not a pull request's
    env.remove("CODEBUILD_WEBHOOK_TRIGGER");
    env.remove("CODEBUILD_RESOLVED_SOURCE_VERSION");
  }

  private Result airlock(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--help")) {
      all.addAll(List.of("--data-dir", dataDir.toString(), "--scanners", "builtin"));
      if (!all.contains("--format")) {
        all.addAll(List.of("--format", "json"));
      }
    }
    return AirlockCli.run(env, CLOCK, all);
  }

  /** Pull request #7 of the request repository with its head at {@code head} and its base at {@link #BASE}. */
  private void pullRequestAt(WireMockRuntimeInfo wm, String head) {
    ObjectNode pull = JSON.createObjectNode().put("number", 7).put("state", "open").put("title", "More packages")
        .put("url", baseUrl + API + REPO + "/pulls/7");
    pull.putObject("head").put("ref", "more-packages").put("sha", head);
    pull.putObject("base").put("ref", "main").put("sha", BASE);
    register(wm, REPO + "/pulls/7", pull.toString());
  }

  /** {@code path} as the contents API serves it at {@code commit}. */
  private static void fileAt(WireMockRuntimeInfo wm, String path, String commit, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    wm.getWireMock().register(get(urlPathEqualTo(API + REPO + "/contents/" + path))
        .withQueryParam("ref", equalTo(commit)).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json; charset=utf-8")
            .withBody("{\"type\":\"file\",\"encoding\":\"base64\",\"size\":" + bytes.length + ",\"name\":\""
                + path.substring(path.lastIndexOf('/') + 1) + "\",\"path\":\"" + path + "\",\"sha\":\""
                + Integer.toHexString(text.hashCode()) + "0".repeat(32) + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(bytes) + "\"}")));
  }

  private ObjectNode comment(long id, String body) {
    return JSON.createObjectNode().put("id", id).put("body", body)
        .put("url", baseUrl + API + REPO + "/issues/comments/" + id)
        .put("issue_url", baseUrl + API + REPO + "/issues/7");
  }

  /** The token went as {@code Authorization} to GitHub's API only, and was written nowhere. */
  private void assertTokenOnlyAuthorizesGitHub(WireMockRuntimeInfo wm, Result run) throws IOException {
    List<LoggedRequest> requests = wm.getWireMock().find(anyRequestedFor(anyUrl()));
    assertThat(requests).anySatisfy(r -> assertThat(r.getUrl()).startsWith("/packages/"));
    assertThat(requests).allSatisfy(r -> {
      if (r.getUrl().startsWith("/api/")) {
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
      } else {
        assertThat(r.containsHeader("Authorization")).as("the token stays with GitHub: " + r.getUrl()).isFalse();
      }
      assertThat(r.getBodyAsString()).doesNotContain(TOKEN);
    });
    List<String> everything = new ArrayList<>(List.of(run.out(), run.err()));
    try (Stream<Path> files = Files.walk(work)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        everything.add(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(everything).noneMatch(text -> text.contains(TOKEN));
  }

  private static LoggedRequest only(WireMockRuntimeInfo wm, RequestPatternBuilder pattern) {
    List<LoggedRequest> found = wm.getWireMock().find(pattern);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static void stub(WireMockRuntimeInfo wm, MappingBuilder request, int status, String json) {
    wm.getWireMock().register(request.willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(json)));
  }

  private static void register(WireMockRuntimeInfo wm, String path, String body) {
    wm.getWireMock().register(get(urlPathEqualTo(API + path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
  }

  private String fixture(String name) throws IOException {
    try (InputStream in = PullRequestCheckEndToEndTest.class.getResourceAsStream("/dev/airlock/bootstrap/github/"
        + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("%BASE%", baseUrl);
    }
  }

}

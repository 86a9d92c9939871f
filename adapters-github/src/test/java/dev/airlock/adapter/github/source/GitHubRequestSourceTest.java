package dev.airlock.adapter.github.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.airlock.adapter.github.GitHubApiStubs.TOKEN;
import static dev.airlock.adapter.github.GitHubApiStubs.assertEveryCallAuthenticated;
import static dev.airlock.adapter.github.GitHubApiStubs.client;
import static dev.airlock.adapter.github.GitHubApiStubs.fixture;
import static dev.airlock.adapter.github.GitHubApiStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.adapter.github.RecordingSleeper;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.CheckedContent;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ParsedRequestFile;
import dev.airlock.domain.Requester;
import dev.airlock.domain.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The GitHub request source against the real hub4j client and WireMock on loopback. */
@WireMockTest
class GitHubRequestSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GHES = "/api/v3";
  private static final String REPO = "/repos/data-science/package-requests";
  private static final String PATH = "requests/external-package-request.csv";
  private static final String BASE = "b".repeat(40);
  private static final String HEAD = "3".repeat(40);
  private static final String PUSH = "push-of-three-commits/";

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void shouldAttributeEachRowToTheAuthorOfThePushedCommitThatAddedItWhenAPushHasSeveralCommitsOnEnterpriseServer(
      WireMockRuntimeInfo wm) throws Exception {
    // Given a GitHub Enterprise Server API under /api/v3 and a push of four commits (one a merge)
    stubPushOfThreeCommits(wm, GHES);

    // When
    ParsedRequestFile parsed = source(wm, GHES, Optional.of(BASE)).load();

    // Then
    Map<String, Requester> who = requesters(parsed);
    assertThat(who.get("tidy-stats")).isEqualTo(Requester.outsideChange());
    assertThat(who.get("tidy-stats").outsideThisChange()).isTrue();
    assertThat(who.get("requests")).isEqualTo(Requester.builder().id("alice").email("alice@example.com").build());
    assertThat(who.get("numpy")).as("bob changed alice's row last").isEqualTo(Requester.of("bob"));
    assertThat(who.get("lodash")).as("the merge's patch repeats bob's line").isEqualTo(Requester.of("bob"));
    assertThat(parsed.warnings()).isEmpty();
    assertThat(parsed.requests()).extracting(r -> r.line().getAsInt()).containsExactly(2, 3, 4, 5);
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo(GHES + REPO + "/contents/" + PATH))
        .withQueryParam("ref", equalTo(HEAD)));
    assertEveryCallAuthenticated(wm);
  }

  @Test
  void shouldGiveOnlyTheRowsThePullRequestAddsWithTheirAuthorsWhenCheckingAPullRequest(WireMockRuntimeInfo wm)
      throws Exception {
    // Given a pull request base...head whose commits add requests, numpy and lodash to a file that had tidy-stats
    stubPushOfThreeCommits(wm, GHES);

    // When
    ParsedRequestFile parsed = new GitHubRequestSource(client(wm, GHES, sleeper), GitHubSourceSettings.addedRows(
        RepositoryName.parse("data-science/package-requests"), PATH, HEAD, BASE)).load();

    // Then
    Map<String, Requester> who = requesters(parsed);
    assertThat(who.keySet()).containsExactly("requests", "numpy", "lodash");
    assertThat(who.get("requests").id()).isEqualTo("alice");
    assertThat(who.get("numpy").id()).isEqualTo("bob");
    assertThat(parsed.requests()).extracting(r -> r.line().getAsInt()).containsExactly(3, 4, 5);
    assertThat(parsed.errors()).isEmpty();
    wm.getWireMock().verifyThat(WireMock.moreThanOrExactly(1),
        getRequestedFor(urlPathEqualTo(GHES + REPO + "/compare/" + BASE + "..." + HEAD)));
    assertEveryCallAuthenticated(wm);
  }

  @Test
  void shouldKeepAnUnreadableRowThePullRequestAddsAndDropOneItDidNotWhenCheckingAPullRequest(
      WireMockRuntimeInfo wm) throws Exception {
    // Given the file at head has an unreadable row from before the pull request (line 2) and one it adds (line 4)
    stubPushOfThreeCommits(wm, "");
    String file = "# name,url[,sha256]\n"
        + "tidy-stats\n"
        + "requests,https://files.pythonhosted.org/packages/requests-2.32.3.tar.gz\n"
        + "numpy\n";
    ObjectNode contents = (ObjectNode) JSON.readTree(fixture("source/" + PUSH + "contents.json"));
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
    contents.put("size", bytes.length).put("content", Base64.getMimeEncoder().encodeToString(bytes));
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/contents/" + PATH)).atPriority(1)
        .willReturn(json(contents.toString())));
    ObjectNode alices = commitNode(PUSH + "commit-1.json");
    ((ObjectNode) alices.withArray("files").get(0)).put("patch",
        "@@ -1,2 +1,4 @@\n # name,url[,sha256]\n tidy-stats\n"
            + "+requests,https://files.pythonhosted.org/packages/requests-2.32.3.tar.gz\n+numpy");
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/commits/" + "1".repeat(40))).atPriority(1)
        .willReturn(json(alices.toString())));

    // When
    ParsedRequestFile parsed = new GitHubRequestSource(client(wm, "", sleeper), GitHubSourceSettings.addedRows(
        RepositoryName.parse("data-science/package-requests"), PATH, HEAD, BASE)).load();

    // Then
    assertThat(parsed.requests()).extracting(PackageRequest::name).containsExactly("requests");
    assertThat(parsed.errors()).extracting(e -> e.line()).containsExactly(4);
  }

  @Test
  void shouldRefuseToListAddedRowsWhenNoBaseCommitIsKnown() {
    // When / Then
    assertThatThrownBy(() -> new GitHubSourceSettings(RepositoryName.parse("data-science/package-requests"), PATH,
        HEAD, Optional.empty(), GitHubSourceSettings.Rows.ADDED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need the commit it started from");
  }

  @Test
  void shouldPinEachAddedRowToWhatTheMergedPullRequestsCheckSawWhenRunOnTheMergePush(WireMockRuntimeInfo wm)
      throws Exception {
    // Given the push merged pull request #7, whose check comment saw requests and numpy
    stubPushOfThreeCommits(wm, "");
    Sha256 requestsSeen = Sha256.of("1e".repeat(32));
    Sha256 numpySeen = Sha256.of("2e".repeat(32));
    String hidden = observations(Map.of(
        "requests", new String[] {"https://files.pythonhosted.org/packages/requests-2.32.3.tar.gz", requestsSeen.hex()},
        "numpy", new String[] {"https://files.pythonhosted.org/packages/numpy-2.1.0.tar.gz", numpySeen.hex()},
        "tidy-stats", new String[] {"https://files.pythonhosted.org/packages/tidy-stats-1.0.0.tar.gz", "3e".repeat(32)}));
    stubMergedPullRequest(wm, 7, "<!-- airlock:check -->\n### Airlock check: 2 would be approved\n" + hidden);

    // When
    ParsedRequestFile parsed = source(wm, "", Optional.of(BASE)).load();

    // Then
    Map<String, PackageRequest> rows = parsed.requests().stream()
        .collect(Collectors.toMap(PackageRequest::name, r -> r));
    assertThat(rows.get("requests").checkedContent()).contains(CheckedContent.of(requestsSeen,
        "the check of pull request #7"));
    assertThat(rows.get("requests").expectedSha256()).contains(requestsSeen);
    assertThat(rows.get("numpy").checkedContent().map(CheckedContent::sha256)).contains(numpySeen);
    assertThat(rows.get("lodash").checkedContent()).as("the check did not see it").isEmpty();
    assertThat(rows.get("tidy-stats").checkedContent()).as("not added by this push").isEmpty();
    assertThat(parsed.warnings()).isEmpty();
    assertEveryCallAuthenticated(wm);
  }

  @Test
  void shouldIgnoreAPullRequestThatIsNotMergedWhenLookingForItsCheck(WireMockRuntimeInfo wm) throws Exception {
    // Given the head commit belongs to an open pull request only (a push to its branch)
    stubPushOfThreeCommits(wm, "");
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/commits/" + HEAD + "/pulls")).atPriority(1)
        .willReturn(json("[{\"number\":8,\"state\":\"open\",\"merged_at\":null}]")));

    // When
    ParsedRequestFile parsed = source(wm, "", Optional.of(BASE)).load();

    // Then
    assertThat(parsed.requests()).allSatisfy(r -> assertThat(r.checkedContent()).isEmpty());
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathMatching(REPO + "/issues/.*")));
  }

  @Test
  void shouldLeaveRowsUnpinnedAndSaySoWhenThePullRequestsCannotBeRead(WireMockRuntimeInfo wm) throws Exception {
    // Given a token without "pull requests: read"
    stubPushOfThreeCommits(wm, "");
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/commits/" + HEAD + "/pulls")).atPriority(1)
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withHeader("X-RateLimit-Remaining", "4998").withBody("{\"message\":\"Resource not accessible\"}")));

    // When
    ParsedRequestFile parsed = source(wm, "", Optional.of(BASE)).load();

    // Then the run goes on: every row is fetched and scanned anyway
    assertThat(parsed.requests()).hasSize(4).allSatisfy(r -> assertThat(r.checkedContent()).isEmpty());
    assertThat(parsed.warnings()).singleElement().asString()
        .contains("what the pull request's check saw is unknown", "'pull requests: read'");
  }

  @Test
  void shouldCompareWithTheHeadsParentWhenNoBaseCommitIsGiven(WireMockRuntimeInfo wm) throws Exception {
    // Given the push's "before" is unknown: the head commit's first parent is the base
    stubPushOfThreeCommits(wm, "");
    String parent = "2".repeat(40);
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/compare/" + parent + "..." + HEAD))
        .willReturn(json(compareOf(parent + "..." + HEAD, List.of(commitNode(PUSH + "commit-3.json"))))));

    // When
    ParsedRequestFile parsed = source(wm, "", Optional.empty()).load();

    // Then the merge adds nobody; every row is from before this change
    assertThat(requesters(parsed).values()).containsOnly(Requester.outsideChange());
    wm.getWireMock().verifyThat(WireMock.moreThanOrExactly(1),
        getRequestedFor(urlPathEqualTo(REPO + "/compare/" + parent + "..." + HEAD)));
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathMatching(REPO + "/compare/" + BASE + ".*")));
  }

  @Test
  void shouldAttributeEveryRowToTheHeadAuthorWithAWarningWhenTheHistoryCannotBeRead(WireMockRuntimeInfo wm)
      throws Exception {
    // Given the push's base commit is gone (a force push), so compare answers 404
    stubPushOfThreeCommits(wm, "");
    wm.getWireMock().register(get(urlPathMatching(REPO + "/compare/.*")).atPriority(1)
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}")));

    // When
    ParsedRequestFile parsed = source(wm, "", Optional.of(BASE)).load();

    // Then
    assertThat(requesters(parsed).values()).containsOnly(Requester.builder().id("carol").email("carol@example.com").build());
    assertThat(parsed.warnings()).singleElement().asString()
        .contains("who added each row is unknown", "compare bbbbbbbbbbbb...333333333333", "HTTP 404",
            "attributed to carol, the author of 333333333333");
  }

  @Test
  void shouldGiveUnattributedRowsToTheHeadAuthorWithAWarningWhenACommitsPatchIsMissing(WireMockRuntimeInfo wm)
      throws Exception {
    // Given GitHub left out bob's patch (it does so for very large diffs)
    stubPushOfThreeCommits(wm, "");
    ObjectNode bobs = commitNode(PUSH + "commit-2.json");
    ((ObjectNode) bobs.withArray("files").get(0)).remove("patch");
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/commits/" + "2".repeat(40))).atPriority(1)
        .willReturn(json(bobs.toString())));

    // When
    ParsedRequestFile parsed = source(wm, "", Optional.of(BASE)).load();

    // Then
    Map<String, Requester> who = requesters(parsed);
    assertThat(who.get("requests").id()).isEqualTo("alice");
    assertThat(who.get("lodash").id()).isEqualTo("carol");
    assertThat(parsed.warnings()).singleElement().asString()
        .contains("no patch of " + PATH + " for commit 222222222222", "go to carol");
  }

  @Test
  void shouldAttributeHundredsOfRowsThroughPaginatedCompareWhenTheFileIsOverOneMegabyte(WireMockRuntimeInfo wm)
      throws Exception {
    // Given 300 rows added by 150 commits of three authors, compare answering 100 commits a page,
    // and a file over 1 MB, which the contents API sends without content
    String[] authors = {"alice", "bob", "carol"};
    StringBuilder file = new StringBuilder("# name,url\n");
    file.append(("# " + "x".repeat(1000) + "\n").repeat(1100));
    ArrayNode commits = JSON.createArrayNode();
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 150; i++) {
      String sha = String.format("%040x", i + 1);
      String author = authors[i % 3];
      String rowA = "pkg-" + i + "-a,https://files.pythonhosted.org/packages/pkg-" + i + "-a-1.0.tar.gz";
      String rowB = "pkg-" + i + "-b,https://files.pythonhosted.org/packages/pkg-" + i + "-b-1.0.tar.gz";
      file.append(rowA).append('\n').append(rowB).append('\n');
      expected.put("pkg-" + i + "-a", author);
      expected.put("pkg-" + i + "-b", author);
      ObjectNode commit = commitNode(PUSH + "commit-1.json").put("sha", sha);
      commit.withObject("/author").put("login", author);
      ((ObjectNode) commit.withArray("parents").get(0)).put("sha", i == 0 ? BASE : String.format("%040x", i));
      ObjectNode full = commit.deepCopy();
      ((ObjectNode) full.withArray("files").get(0)).put("patch", "@@ -1,0 +1,2 @@\n+" + rowA + "\n+" + rowB);
      commit.remove("files");
      commits.add(commit);
      wm.getWireMock().register(get(urlPathEqualTo(REPO + "/commits/" + sha)).willReturn(json(full.toString())));
    }
    String head = String.format("%040x", 150);
    byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isGreaterThan(1024 * 1024);
    stubRepository(wm, "");
    ObjectNode contents = (ObjectNode) JSON.readTree(fixture("source/" + PUSH + "contents.json"));
    contents.put("encoding", "none").put("content", "").put("size", bytes.length).put("sha", "e".repeat(40));
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/contents/" + PATH)).willReturn(json(contents.toString())));
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/git/blobs/" + "e".repeat(40))).willReturn(json(
        "{\"sha\":\"" + "e".repeat(40) + "\",\"size\":" + bytes.length + ",\"encoding\":\"base64\",\"content\":\""
            + Base64.getMimeEncoder().encodeToString(bytes).replace("\r\n", "\\n") + "\"}")));
    for (String author : authors) {
      wm.getWireMock().register(get(urlPathEqualTo("/users/" + author))
          .willReturn(json(fixture("source/" + PUSH + "user-" + author + ".json"))));
    }
    String compare = REPO + "/compare/" + BASE + "..." + head;
    wm.getWireMock().register(get(urlPathEqualTo(compare)).withQueryParam("per_page", equalTo("1"))
        .willReturn(json(compareOf(BASE + "..." + head, List.of((ObjectNode) commits.get(0))))));
    wm.getWireMock().register(get(urlPathEqualTo(compare)).withQueryParam("per_page", equalTo("100"))
        .withQueryParam("page", WireMock.absent()).willReturn(json(compareOf(BASE + "..." + head, slice(commits, 0, 100)))
            .withHeader("Link", "<" + wm.getHttpBaseUrl() + compare + "?per_page=100&page=2>; rel=\"next\", <"
                + wm.getHttpBaseUrl() + compare + "?per_page=100&page=2>; rel=\"last\"")));
    wm.getWireMock().register(get(urlPathEqualTo(compare)).withQueryParam("per_page", equalTo("100"))
        .withQueryParam("page", equalTo("2")).willReturn(json(compareOf(BASE + "..." + head, slice(commits, 100, 150)))));
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/commits/" + head + "/pulls")).willReturn(json("[]")));

    // When
    GitHubSourceSettings settings = new GitHubSourceSettings(RepositoryName.parse("data-science/package-requests"),
        PATH, head, Optional.of(BASE));
    ParsedRequestFile parsed = new GitHubRequestSource(client(wm, "", sleeper), settings).load();

    // Then
    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.requests()).hasSize(300);
    assertThat(requesters(parsed).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().id())))
        .containsExactlyInAnyOrderEntriesOf(expected);
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo(compare)).withQueryParam("page", equalTo("2")));
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo(REPO + "/git/blobs/" + "e".repeat(40))));
    int calls = wm.getWireMock().find(WireMock.anyRequestedFor(WireMock.anyUrl())).size();
    // rate_limit, repository, contents, blob, compare (opened, then 2 pages), 150 commits, 3 authors,
    // and the head commit's pull requests (the commit, then its pulls)
    assertThat(calls).as("one call per commit, not per row").isEqualTo(162);
  }

  @Test
  void shouldNameTheRepositoryAndTheMissingPermissionWhenTheTokenMayNotReadContents(WireMockRuntimeInfo wm) {
    // Given a token without "contents: read"
    stubRepository(wm, "");
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/contents/" + PATH)).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withHeader("X-RateLimit-Remaining", "4998")
        .withBody("{\"message\":\"Resource not accessible by personal access token\"}")));

    // When / Then
    assertThatThrownBy(() -> source(wm, "", Optional.of(BASE)).load())
        .isInstanceOf(PortException.class)
        .hasMessageContaining("read " + PATH + " at 333333333333 on data-science/package-requests")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("'contents: read' on data-science/package-requests")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    assertThat(sleeper.sleeps()).as("a refusal is not a rate limit").isEmpty();
  }

  @Test
  void shouldSayTheRepositoryMayBeInvisibleToTheTokenWhenGitHubAnswers404(WireMockRuntimeInfo wm) {
    // Given
    wm.getWireMock().register(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Not Found\"}")));

    // When / Then
    assertThatThrownBy(() -> source(wm, "", Optional.of(BASE)).load())
        .isInstanceOf(PortException.class)
        .hasMessageContaining("open the repository on data-science/package-requests")
        .hasMessageContaining("'metadata: read' on data-science/package-requests");
  }

  @Test
  void shouldSayTheTokenIsRejectedWhenGitHubAnswers401(WireMockRuntimeInfo wm) {
    // Given
    wm.getWireMock().register(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Bad credentials\"}")));

    // When / Then
    assertThatThrownBy(() -> source(wm, "", Optional.of(BASE)).load())
        .isInstanceOf(PortException.class)
        .hasMessageContaining("GitHub rejected the token (HTTP 401)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }

  // --- helpers

  private GitHubRequestSource source(WireMockRuntimeInfo wm, String apiPath, Optional<String> base) {
    return new GitHubRequestSource(client(wm, apiPath, sleeper),
        new GitHubSourceSettings(RepositoryName.parse("data-science/package-requests"), PATH, HEAD, base));
  }

  private static void stubRepository(WireMockRuntimeInfo wm, String api) {
    wm.getWireMock().register(get(urlPathEqualTo(api + REPO)).willReturn(json(fixture("source/" + PUSH + "repository.json"))));
  }

  private static void stubPushOfThreeCommits(WireMockRuntimeInfo wm, String api) {
    stubRepository(wm, api);
    wm.getWireMock().register(get(urlPathEqualTo(api + REPO + "/contents/" + PATH))
        .willReturn(json(fixture("source/" + PUSH + "contents.json"))));
    wm.getWireMock().register(get(urlPathEqualTo(api + REPO + "/compare/" + BASE + "..." + HEAD))
        .willReturn(json(fixture("source/" + PUSH + "compare.json"))));
    Map<String, String> commits = Map.of("1".repeat(40), "commit-1.json", "2".repeat(40), "commit-2.json",
        "5".repeat(40), "commit-side.json", HEAD, "commit-3.json");
    commits.forEach((sha, file) -> wm.getWireMock().register(get(urlPathEqualTo(api + REPO + "/commits/" + sha))
        .willReturn(json(fixture("source/" + PUSH + file)))));
    for (String user : List.of("alice", "bob", "carol")) {
      wm.getWireMock().register(get(urlPathEqualTo(api + "/users/" + user))
          .willReturn(json(fixture("source/" + PUSH + "user-" + user + ".json"))));
    }
    // a push straight to the branch: no pull request merged it
    wm.getWireMock().register(get(urlPathEqualTo(api + REPO + "/commits/" + HEAD + "/pulls")).willReturn(json("[]")));
  }

  /** Pull request #{@code number}, merged by the push's head commit, with one comment. */
  private static void stubMergedPullRequest(WireMockRuntimeInfo wm, int number, String commentBody) throws Exception {
    ObjectNode pull = JSON.createObjectNode().put("number", number).put("state", "closed")
        .put("merged_at", "2026-11-30T09:30:00Z").put("url", wm.getHttpBaseUrl() + REPO + "/pulls/" + number);
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/commits/" + HEAD + "/pulls")).atPriority(1)
        .willReturn(json(JSON.createArrayNode().add(pull).toString())));
    ObjectNode comment = JSON.createObjectNode().put("id", 6100).put("body", commentBody);
    wm.getWireMock().register(get(urlPathEqualTo(REPO + "/issues/" + number + "/comments"))
        .willReturn(json(JSON.createArrayNode().add(JSON.createObjectNode().put("id", 6001).put("body", "LGTM"))
            .add(comment).toString())));
  }

  /** A check's hidden observations: package to {url, sha256}, written as the check notifier writes them. */
  private static String observations(Map<String, String[]> rows) throws Exception {
    ObjectNode doc = JSON.createObjectNode().put("v", 1);
    ArrayNode array = doc.putArray("rows");
    rows.forEach((name, row) -> array.addObject().put("package", name)
        .put("urlSha256", Sha256.hashOf(row[0].getBytes(StandardCharsets.UTF_8)).hex()).put("sha256", row[1]));
    return "<!-- airlock:observed " + Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(doc)) + " -->";
  }

  private static ObjectNode commitNode(String fixture) {
    try {
      return (ObjectNode) JSON.readTree(fixture("source/" + fixture));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String compareOf(String range, List<ObjectNode> commits) {
    ObjectNode compare = commitNode(PUSH + "compare.json");
    compare.put("url", "https://api.github.com" + REPO + "/compare/" + range);
    compare.putArray("commits").addAll(commits);
    compare.putArray("files");
    return compare.toString();
  }

  private static List<ObjectNode> slice(ArrayNode all, int from, int to) {
    return java.util.stream.IntStream.range(from, to).mapToObj(i -> (ObjectNode) all.get(i)).toList();
  }

  private static Map<String, Requester> requesters(ParsedRequestFile parsed) {
    return parsed.requests().stream().collect(Collectors.toMap(PackageRequest::name, PackageRequest::requester,
        (a, b) -> a, LinkedHashMap::new));
  }
}

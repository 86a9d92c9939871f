package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.bootstrap.AirlockCli.Result;
import dev.airlock.domain.Sha256;
import java.io.ByteArrayInputStream;
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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code airlock run --source github} in-process: the real hub4j client reads the request file
 * and its push from a GitHub Enterprise Server API on WireMock, and the built-in scanner checks
 * archives served by the same loopback host (allow-listed, plain http); with {@code --repository github
 * --notifiers github} the approved archive becomes a release and the push's commit gets the verdicts.
 */
@WireMockTest
class GitHubPathEndToEndTest {
  private static final String TOKEN = "github_pat_11AIRLOCKE2E0_neverPrintedAnywhere0123456789";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/v3";
  private static final String REPO = "/repos/data-science/package-requests";
  private static final String PATH = "requests/external-package-request.csv";
  private static final String BASE = "a".repeat(40);
  private static final String HEAD = "c2".repeat(20);
  /** Where approved packages go and who is told in the tests about reading requests. */
  private static final List<String> PUBLISH_AND_NOTIFY = List.of("--repository", "file", "--notifiers", "console");
  /** Publishing approved packages as GitHub releases and telling the push's commit, as in production. */
  private static final List<String> ON_GITHUB = List.of("--repository", "github", "--notifiers", "github",
      "--github-release-repository", "data-science/approved-packages", "--commit", HEAD, "--base-commit", BASE);
  private static final String RELEASES = "/repos/data-science/approved-packages";
  private static final String TIDY = "tidy-stats-1.0.0.tar.gz";

  @TempDir
  Path work;

  private final Map<String, String> env = new HashMap<>();
  private Path dataDir;

  @BeforeEach
  void serveGitHubAndArchives(WireMockRuntimeInfo wm) throws IOException {
    dataDir = work.resolve("data");
    String base = wm.getHttpBaseUrl();
    for (String archive : List.of("tidy-stats-1.0.0.tar.gz", "fast-json-helper-0.3.1.tar.gz")) {
      wm.getWireMock().register(get(urlPathEqualTo("/packages/" + archive)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/gzip")
          .withBody(Files.readAllBytes(Path.of("..", "examples", "packages", archive)))));
    }
    byte[] csv = fixture("external-package-request.csv", base).getBytes(StandardCharsets.UTF_8);
    register(wm, REPO, fixture("repository.json", base));
    register(wm, REPO + "/contents/" + PATH, "{\"type\":\"file\",\"encoding\":\"base64\",\"size\":" + csv.length
        + ",\"name\":\"external-package-request.csv\",\"path\":\"" + PATH + "\",\"sha\":\"" + "f".repeat(40)
        + "\",\"content\":\"" + Base64.getEncoder().encodeToString(csv) + "\"}");
    register(wm, REPO + "/compare/" + BASE + "..." + HEAD, fixture("compare.json", base));
    register(wm, REPO + "/commits/" + "c1".repeat(20), fixture("commit-1.json", base));
    register(wm, REPO + "/commits/" + HEAD, fixture("commit-2.json", base));
    register(wm, "/users/alice", fixture("user-alice.json", base));
    register(wm, "/users/bob", fixture("user-bob.json", base));
    register(wm, REPO + "/commits/" + HEAD + "/pulls", "[]");

    env.put("AIRLOCK_GITHUB_API_URL", base + API);
    env.put("AIRLOCK_GITHUB_REPOSITORY", "data-science/package-requests");
    env.put("AIRLOCK_GITHUB_TOKEN", TOKEN);
    env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", HEAD);
    env.put("CODEBUILD_WEBHOOK_PREV_COMMIT", BASE);
    env.put("AIRLOCK_ALLOWED_HOSTS", "localhost:" + wm.getHttpPort());
  }

  @Test
  void shouldScanAndNameEachRequesterWhenRunWithTheGitHubSource(WireMockRuntimeInfo wm) throws Exception {
    // When
    Result run = airlock("--source", "github");

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("source").asText()).isEqualTo("data-science/package-requests:" + PATH + "@c2c2c2c2c2c2");
    JsonNode tidy = doc.path("requests").get(0);
    assertThat(tidy.path("package").asText()).isEqualTo("tidy-stats");
    assertThat(tidy.path("status").asText()).isEqualTo("APPROVED");
    assertThat(tidy.path("requester").asText()).isEqualTo("alice");
    JsonNode fast = doc.path("requests").get(1);
    assertThat(fast.path("status").asText()).isEqualTo("REFUSED");
    assertThat(fast.path("requester").asText()).isEqualTo("bob");
    assertThat(doc.path("warnings")).isEmpty();
    assertThat(run.err()).contains("alice <alice@example.com>", "bob <bob@example.com>");

    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo(API + REPO + "/contents/" + PATH))
        .withQueryParam("ref", equalTo(HEAD)));
    List<LoggedRequest> apiCalls = wm.getWireMock().find(anyRequestedFor(urlPathMatching(API + "/.*")));
    assertThat(apiCalls).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(r.getHeader("Accept")).startsWith("application/vnd.github");
    });
    wm.getWireMock().find(anyRequestedFor(urlPathMatching("/packages/.*")))
        .forEach(r -> assertThat(r.containsHeader("Authorization")).as("the token stays with GitHub").isFalse());
    assertThat(everythingWritten(run)).noneMatch(text -> text.contains(TOKEN));
  }

  @Test
  void shouldPublishTheApprovedPackageAndReportOnTheCommitOnceWhenEverythingRunsOnGitHub(WireMockRuntimeInfo wm)
      throws Exception {
    // Given a GitHub that has no release yet and no Airlock comment on the push's head commit
    String base = wm.getHttpBaseUrl();
    byte[] archive = Files.readAllBytes(Path.of("..", "examples", "packages", TIDY));
    String sha = Sha256.hashOf(archive).hex();
    ObjectNode release = JSON.createObjectNode().put("id", 8001).put("tag_name", "tidy-stats-1.0.0")
        .put("name", "tidy-stats 1.0.0").put("html_url", base + "/data-science/approved-packages/releases/tag/"
            + "tidy-stats-1.0.0")
        .put("upload_url", base + "/api/uploads" + RELEASES + "/releases/8001/assets{?name,label}")
        .put("body", "<!-- airlock:package=tidy-stats version=1.0.0 sha256=" + sha + " asset=" + TIDY + " -->\n");
    stub(wm, get(urlPathEqualTo(API + RELEASES)), 200, "{\"id\":102,\"name\":\"approved-packages\","
        + "\"full_name\":\"data-science/approved-packages\",\"private\":true,\"owner\":{\"login\":\"data-science\"}}");
    stub(wm, get(urlPathEqualTo(API + RELEASES + "/releases/tags/tidy-stats-1.0.0")), 404, "{\"message\":\"Not Found\"}");
    stub(wm, post(urlPathEqualTo(API + RELEASES + "/releases")), 201, release.toString());
    stub(wm, get(urlPathEqualTo(API + RELEASES + "/releases/8001/assets")), 200, "[]");
    stub(wm, post(urlPathEqualTo("/api/uploads" + RELEASES + "/releases/8001/assets")), 201,
        "{\"id\":9003,\"name\":\"" + TIDY + "\",\"state\":\"uploaded\",\"size\":" + archive.length + "}");
    String comments = API + REPO + "/commits/" + HEAD + "/comments";
    stub(wm, get(urlPathEqualTo(comments)), 200, "[]");
    stub(wm, post(urlPathEqualTo(API + REPO + "/statuses/" + HEAD)), 201, "{\"id\":1,\"state\":\"failure\"}");
    ObjectNode comment = JSON.createObjectNode().put("id", 5001).put("url", base + API + REPO + "/comments/5001")
        .put("commit_id", HEAD);
    stub(wm, post(urlPathEqualTo(comments)), 201, comment.toString());
    // the push's commits come from --commit and --base-commit, not from CodeBuild
    env.remove("CODEBUILD_RESOLVED_SOURCE_VERSION");
    env.remove("CODEBUILD_WEBHOOK_PREV_COMMIT");

    // When
    Result first = airlockWith(PATH, ON_GITHUB, "--source", "github");

    // Then the approved archive is a release asset, the commit has one failure status and one verdict comment
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode doc = JSON.readTree(first.out());
    assertThat(doc.path("requests").findValuesAsText("status")).containsExactly("APPROVED", "REFUSED");
    assertThat(doc.path("requests").get(0).path("publication").path("repository").asText()).isEqualTo("github");
    JsonNode created = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(API + RELEASES + "/releases")))
        .getBodyAsString());
    assertThat(created.path("tag_name").asText()).isEqualTo("tidy-stats-1.0.0");
    assertThat(created.path("body").asText()).contains("sha256=" + sha);
    LoggedRequest upload = only(wm, postRequestedFor(urlPathEqualTo("/api/uploads" + RELEASES + "/releases/8001/assets"))
        .withQueryParam("name", equalTo(TIDY)));
    // WireMock hands over a gzip body unpacked: the length and the unpacked bytes are the archive's
    assertThat(upload.getHeader("Content-Length")).isEqualTo(String.valueOf(archive.length));
    assertThat(upload.getBody()).isEqualTo(gunzip(archive));
    JsonNode status = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(API + REPO + "/statuses/" + HEAD)))
        .getBodyAsString());
    assertThat(status.path("context").asText()).isEqualTo("airlock");
    assertThat(status.path("state").asText()).isEqualTo("failure");
    String firstBody = JSON.readTree(only(wm, postRequestedFor(urlPathEqualTo(comments))).getBodyAsString())
        .path("body").asText();
    assertThat(firstBody).contains("| `tidy-stats` | ✅ approved |", "| `fast-json-helper` | ❌ refused |",
        "| @alice |", "| @bob |");
    assertTokenOnlyAuthorizesGitHub(wm, first);

    // Given GitHub now holds what the first run made, and the build is retried on a fresh host
    stub(wm, get(urlPathEqualTo(API + RELEASES + "/releases/tags/tidy-stats-1.0.0")), 200, release.toString());
    stub(wm, get(urlPathEqualTo(API + RELEASES + "/releases/8001/assets")), 200, "[{\"id\":9003,\"name\":\"" + TIDY
        + "\",\"state\":\"uploaded\",\"size\":" + archive.length + "}]");
    stub(wm, get(urlPathEqualTo(comments)), 200,
        JSON.createArrayNode().add(comment.deepCopy().put("body", firstBody)).toString());
    stub(wm, patch(urlPathEqualTo(API + REPO + "/comments/5001")), 200, comment.toString());
    dataDir = work.resolve("data-of-the-retry");

    // When
    Result retry = airlockWith(PATH, ON_GITHUB, "--source", "github");

    // Then nothing is uploaded again and the one comment is updated
    assertThat(retry.code()).as(retry.err()).isZero();
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo(API + RELEASES + "/releases")));
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathMatching("/api/uploads/.*")));
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo(comments)));
    String updated = JSON.readTree(only(wm, patchRequestedFor(urlPathEqualTo(API + REPO + "/comments/5001")))
        .getBodyAsString()).path("body").asText();
    assertThat(updated).isNotEqualTo(firstBody).contains("| `tidy-stats` | ✅ approved |",
        "| `fast-json-helper` | ❌ refused |", "@alice", "@bob");
    assertTokenOnlyAuthorizesGitHub(wm, retry);

    // When the same host runs again: everything is decided, so the status and comment are left as they are
    Result again = airlockWith(PATH, ON_GITHUB, "--source", "github");

    // Then
    assertThat(again.code()).as(again.err()).isZero();
    wm.getWireMock().verifyThat(2, postRequestedFor(urlPathEqualTo(API + REPO + "/statuses/" + HEAD)));
    wm.getWireMock().verifyThat(1, patchRequestedFor(urlPathMatching(".*/comments/.*")));
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo(comments)));
  }

  @Test
  void shouldReadGitHubUnaskedWhenTheRepositoryAndACommitAreKnown(WireMockRuntimeInfo wm) throws Exception {
    // When no --source is given, as in CodeBuild
    Result run = airlock();

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("requests").get(0).path("requester").asText()).isEqualTo("alice");
  }

  @Test
  void shouldReadTheLocalFileWhenSourceFileIsGivenEvenThoughGitHubIsConfigured(WireMockRuntimeInfo wm)
      throws Exception {
    // Given the same request file checked out locally
    Path local = work.resolve(PATH);
    Files.createDirectories(local.getParent());
    Files.writeString(local, fixture("external-package-request.csv", wm.getHttpBaseUrl()));

    // When
    Result run = airlockOn(local.toString(), "--source", "file");

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("requests").get(0).path("requester").asText()).isEqualTo("unknown");
    assertThat(wm.getWireMock().find(anyRequestedFor(urlPathMatching(API + "/.*")))).isEmpty();
  }

  @Test
  void shouldStopBeforeAnyCallWhenNoTokenIsConfigured(WireMockRuntimeInfo wm) {
    // Given
    env.remove("AIRLOCK_GITHUB_TOKEN");

    // When
    Result run = airlock("--source", "github");

    // Then
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("AIRLOCK_GITHUB_TOKEN", "--github-token-secret-id");
    assertThat(wm.getWireMock().find(anyRequestedFor(anyUrl()))).isEmpty();
    assertThat(work.resolve("data")).doesNotExist();
  }

  @Test
  void shouldEndInOneErrorNamingThePermissionWhenTheTokenCannotReadTheFile(WireMockRuntimeInfo wm) throws Exception {
    // Given
    wm.getWireMock().register(get(urlPathEqualTo(API + REPO + "/contents/" + PATH)).atPriority(1)
        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"Resource not accessible by personal access token\"}")));

    // When
    Result run = airlock("--source", "github");

    // Then
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("'contents: read' on data-science/package-requests");
    assertThat(everythingWritten(run)).noneMatch(text -> text.contains(TOKEN));
  }

  @Test
  void shouldAttributeEveryRowToTheHeadAuthorAndWarnWhenThePushHistoryIsGone(WireMockRuntimeInfo wm) throws Exception {
    // Given the push's before-commit no longer exists (a force push)
    wm.getWireMock().register(get(urlPathMatching(API + REPO + "/compare/.*")).atPriority(1)
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
            .withBody("{\"message\":\"Not Found\"}")));

    // When
    Result run = airlock("--source", "github");

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("requests").findValuesAsText("requester")).containsOnly("bob");
    assertThat(doc.path("warnings")).singleElement().satisfies(w -> assertThat(w.asText())
        .contains("who added each row is unknown", "attributed to bob, the author of c2c2c2c2c2c2"));
  }

  @Test
  void shouldRefuseFileUrlsWhenTheRequestFileComesFromGitHub(WireMockRuntimeInfo wm) {
    // When
    Result run = airlock("--source", "github", "--allow-file-urls");

    // Then
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--allow-file-urls works with --source file only");
    assertThat(wm.getWireMock().find(anyRequestedFor(anyUrl()))).isEmpty();
  }

  private Result airlock(String... options) {
    return airlockOn(PATH, options);
  }

  private Result airlockOn(String requestFile, String... options) {
    return airlockWith(requestFile, PUBLISH_AND_NOTIFY, options);
  }

  private Result airlockWith(String requestFile, List<String> publishAndNotify, String... options) {
    List<String> args = new ArrayList<>(List.of("run", requestFile, "--data-dir", dataDir.toString(),
        "--format", "json", "--scanners", "builtin"));
    args.addAll(publishAndNotify);
    args.addAll(List.of(options));
    return AirlockCli.run(env, CLOCK, args);
  }

  private List<String> everythingWritten(Result run) throws IOException {
    List<String> everything = new ArrayList<>(List.of(run.out(), run.err()));
    if (Files.exists(work)) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          everything.add(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return everything;
  }

  /** The token went as {@code Authorization} to GitHub's API and uploads only, and nowhere else. */
  private void assertTokenOnlyAuthorizesGitHub(WireMockRuntimeInfo wm, Result run) throws IOException {
    List<LoggedRequest> requests = wm.getWireMock().find(anyRequestedFor(anyUrl()));
    assertThat(requests).anySatisfy(r -> assertThat(r.getUrl()).startsWith("/packages/"));
    assertThat(requests).allSatisfy(r -> {
      if (r.getUrl().startsWith("/api/")) {
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
      } else {
        assertThat(r.containsHeader("Authorization")).as("the token stays with GitHub: " + r.getUrl()).isFalse();
      }
      assertThat(r.getUrl()).doesNotContain(TOKEN);
      assertThat(r.getBodyAsString()).doesNotContain(TOKEN);
      r.getHeaders().all().stream().filter(h -> !h.keyEquals("Authorization"))
          .forEach(h -> assertThat(h.values()).noneMatch(v -> v.contains(TOKEN)));
    });
    assertThat(everythingWritten(run)).noneMatch(text -> text.contains(TOKEN));
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

  private static byte[] gunzip(byte[] gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }

  private static void register(WireMockRuntimeInfo wm, String path, String body) {
    wm.getWireMock().register(get(urlPathEqualTo(API + path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
  }

  private static String fixture(String name, String baseUrl) throws IOException {
    try (InputStream in = GitHubPathEndToEndTest.class.getResourceAsStream("/dev/airlock/bootstrap/github/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("%BASE%", baseUrl);
    }
  }

}

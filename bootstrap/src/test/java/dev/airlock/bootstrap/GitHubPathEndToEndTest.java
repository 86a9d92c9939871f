package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
 * Runs {@code airlock run --source github} in-process: the real hub4j client reads the request file
 * and its push from a GitHub Enterprise Server API on WireMock, and the built-in scanner checks
 * archives served by the same loopback host (allow-listed, plain http).
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
  /** Where approved packages go and who is told; becomes {@code --repository github --notifiers github} later. */
  private static final List<String> PUBLISH_AND_NOTIFY = List.of("--repository", "file", "--notifiers", "console");

  @TempDir
  Path work;

  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void serveGitHubAndArchives(WireMockRuntimeInfo wm) throws IOException {
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
    List<String> args = new ArrayList<>(List.of("run", requestFile, "--data-dir", work.resolve("data").toString(),
        "--format", "json", "--scanners", "builtin"));
    args.addAll(PUBLISH_AND_NOTIFY);
    args.addAll(List.of(options));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private List<String> everythingWritten(Result run) throws IOException {
    List<String> everything = new ArrayList<>(List.of(run.out(), run.err()));
    Path data = work.resolve("data");
    if (Files.exists(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          everything.add(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return everything;
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

  record Result(int code, String out, String err) {}
}

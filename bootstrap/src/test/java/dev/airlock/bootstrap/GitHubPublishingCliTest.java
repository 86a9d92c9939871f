package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.bootstrap.AirlockCli.Result;
import dev.airlock.domain.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code airlock run} with the GitHub release repository and notifier chosen: wiring and settings. */
@WireMockTest
@DisplayName("airlock run with GitHub publishing")
@ExtendWith(DemoWorkspace.class)
class GitHubPublishingCliTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RELEASES = "/repos/acme/approved-packages";

  @DemoWorkspace.Folder
  Path work;

  @DemoWorkspace.RequestFile
  private Path requestFile;
  @DemoWorkspace.DataDir
  private Path dataDir;
  private final Map<String, String> env = new HashMap<>(Map.of("AIRLOCK_GITHUB_TOKEN", "test-token"));

  @Test
  void shouldPublishAReleaseAndReportOnTheCommitWhenTheGitHubRepositoryAndNotifierAreChosen(WireMockRuntimeInfo wm)
      throws Exception {
    // Given
    String base = wm.getHttpBaseUrl();
    String sha = Sha256.hashOf(Files.readAllBytes(work.resolve("packages/tidy-stats-1.0.0.tar.gz"))).hex();
    String release = "{\"id\":8001,\"tag_name\":\"tidy-stats-1.0.0\",\"name\":\"tidy-stats 1.0.0\","
        + "\"html_url\":\"https://github.example/acme/approved-packages/releases/tag/tidy-stats-1.0.0\","
        + "\"upload_url\":\"" + base + RELEASES + "/releases/8001/assets{?name,label}\",\"assets\":[],"
        + "\"body\":\"<!-- airlock:package=tidy-stats version=1.0.0 sha256=" + sha
        + " asset=tidy-stats-1.0.0.tar.gz -->\"}";
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES)).willReturn(okJson(
        "{\"id\":1,\"name\":\"approved-packages\",\"full_name\":\"acme/approved-packages\",\"owner\":{\"login\":\"acme\"}}")));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/tags/tidy-stats-1.0.0"))
        .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));
    wm.getWireMock().register(post(urlPathEqualTo(RELEASES + "/releases"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(release)));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/8001/assets")).willReturn(okJson("[]")));
    wm.getWireMock().register(post(urlPathEqualTo(RELEASES + "/releases/8001/assets"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"id\":9003,\"name\":\"tidy-stats-1.0.0.tar.gz\",\"state\":\"uploaded\"}")));

    String requests = "/repos/acme/package-requests";
    String commit = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
    wm.getWireMock().register(get(urlPathEqualTo(requests)).willReturn(okJson(
        "{\"id\":2,\"name\":\"package-requests\",\"full_name\":\"acme/package-requests\",\"owner\":{\"login\":\"acme\"}}")));
    wm.getWireMock().register(get(urlPathEqualTo(requests + "/commits/" + commit + "/comments")).willReturn(okJson("[]")));
    wm.getWireMock().register(get(urlPathEqualTo(requests + "/commits/" + commit))
        .willReturn(okJson("{\"sha\":\"" + commit + "\"}")));
    wm.getWireMock().register(post(urlPathEqualTo(requests + "/statuses/" + commit))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":1}")));
    wm.getWireMock().register(post(urlPathEqualTo(requests + "/commits/" + commit + "/comments"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":5001}")));

    // When
    Result result = run("--format", "json", "--repository", "github", "--github-api-url", base,
        "--github-release-repository", "acme/approved-packages", "--source", "file",
        "--notifiers", "github", "--github-repository", "acme/package-requests", "--commit", commit);

    // Then
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode approved = JSON.readTree(result.out()).path("requests").get(0);
    assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
    assertThat(approved.path("publication").path("repository").asText()).isEqualTo("github");
    assertThat(approved.path("publication").path("install").asText()).contains("gh release download tidy-stats-1.0.0"
        + " --repo localhost:" + wm.getHttpPort() + "/acme/approved-packages --pattern 'tidy-stats-1.0.0.tar.gz'");
    List<LoggedRequest> uploads =
        wm.getWireMock().find(postRequestedFor(urlPathEqualTo(RELEASES + "/releases/8001/assets")));
    // WireMock shows a gzip body unpacked, so the exact bytes are checked in the adapter's own tests.
    long size = Files.size(work.resolve("packages/tidy-stats-1.0.0.tar.gz"));
    assertThat(uploads).singleElement().satisfies(u -> assertThat(u.getHeader("Content-Length"))
        .isEqualTo(String.valueOf(size)));
    JsonNode status = JSON.readTree(wm.getWireMock().find(postRequestedFor(urlPathEqualTo(requests + "/statuses/" + commit)))
        .get(0).getBodyAsString());
    assertThat(status.path("state").asText()).isEqualTo("failure");
    assertThat(status.path("description").asText()).isEqualTo("Airlock: 1 approved, 1 refused, 0 error");
    List<LoggedRequest> comments =
        wm.getWireMock().find(postRequestedFor(urlPathEqualTo(requests + "/commits/" + commit + "/comments")));
    assertThat(comments).singleElement().satisfies(c -> assertThat(JSON.readTree(c.getBodyAsString()).path("body")
        .asText()).startsWith("<!-- airlock:run -->").contains("| `tidy-stats` | ✅ approved |"));
    assertThat(wm.getWireMock().getServeEvents()).allSatisfy(e ->
        assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer test-token"));
    assertThat(result.out() + result.err()).doesNotContain("test-token");
  }

  @Test
  void shouldExitTwoNamingTheMissingSettingWhenGitHubReleasesAreChosenWithoutARepository() {
    // When
    Result result = run("--repository", "github");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--github-release-repository (or AIRLOCK_GITHUB_RELEASE_REPOSITORY) is required"
        + " for --repository github");
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldExitTwoWhenTheReleaseRepositoryIsTheRequestRepository() {
    // Given
    env.put("AIRLOCK_GITHUB_REPOSITORY", "acme/package-requests");
    env.put("AIRLOCK_GITHUB_RELEASE_REPOSITORY", "acme/package-requests");

    // When
    Result result = run("--repository", "github");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--github-release-repository must not be the request repository");
  }

  @Test
  void shouldExitTwoNamingTheMissingSettingWhenTheGitHubNotifierIsChosenWithoutARepository() {
    // When
    Result result = run("--notifiers", "console,github");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--github-repository (or AIRLOCK_GITHUB_REPOSITORY) is required for --notifiers github");
  }

  @Test
  void shouldExitTwoWhenTheRepositoryIsNotOwnerAndName() {
    // When
    Result result = run("--notifiers", "github", "--github-repository", "acme/../../admin");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("GitHub repository 'acme/../../admin' is not owner/name");
  }

  private Result run(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", requestFile.toString(), "--allow-file-urls",
        "--data-dir", dataDir.toString()));
    args.addAll(List.of(extra));
    return AirlockCli.run(env, CLOCK, args);
  }

}

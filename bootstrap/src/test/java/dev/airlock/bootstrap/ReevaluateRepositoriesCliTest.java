package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.bootstrap.AirlockProcess.Run;
import dev.airlock.domain.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approval that OSV later reports malicious, revoked where notebooks install from, through the
 * real {@code airlock} process: CodeArtifact (the version archived, SNS told with verdict=REVOKED)
 * and a GitHub release (asset deleted, reason in the notes, a comment on the requesting commit).
 * Each is told once, and a second {@code reevaluate} changes nothing more.
 */
@WireMockTest
class ReevaluateRepositoriesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ARCHIVE = "tidy-stats-1.0.0.tar.gz";
  private static final String COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  private static final String RELEASES = "/repos/acme/approved-packages";
  private static final String REQUESTS = "/repos/acme/package-requests";
  private static final String MAL_RECORD = """
      {"id": "MAL-2026-77", "summary": "Malicious code in tidy-stats (PyPI)",
       "affected": [{"package": {"ecosystem": "PyPI", "name": "tidy-stats"}, "versions": ["1.0.0"]}]}""";

  @TempDir
  Path work;

  private byte[] archive;
  private String sha;
  private WireMockRuntimeInfo wm;

  @BeforeEach
  void serveArchiveAndOsv(WireMockRuntimeInfo wm) throws Exception {
    this.wm = wm;
    archive = Files.readAllBytes(Path.of("..", "examples", "packages", ARCHIVE));
    sha = Sha256.hashOf(archive).hex();
    wm.getWireMock().register(get(urlPathEqualTo("/packages/" + ARCHIVE)).willReturn(aResponse().withBody(archive)));
    wm.getWireMock().register(post(urlPathEqualTo("/v1/querybatch")).inScenario("osv").whenScenarioStateIs(STARTED)
        .willReturn(okJson("{\"results\":[{}]}")));
    wm.getWireMock().register(post(urlPathEqualTo("/v1/querybatch")).inScenario("osv").whenScenarioStateIs("malicious")
        .willReturn(okJson("{\"results\":[{\"vulns\":[{\"id\":\"MAL-2026-77\"}]}]}")));
    wm.getWireMock().register(get(urlPathEqualTo("/v1/vulns/MAL-2026-77")).willReturn(okJson(MAL_RECORD)));
    Files.writeString(work.resolve("requests.csv"), "tidy-stats," + wm.getHttpBaseUrl() + "/packages/" + ARCHIVE + "\n");
  }

  @Test
  void shouldArchiveTheCodeArtifactVersionAndTellSnsOnceWhenOsvNowReportsItMalicious() throws Exception {
    // Given: published to CodeArtifact while OSV knew nothing
    String asset = "/v1/package/version/asset";
    wm.getWireMock().register(post(urlPathEqualTo("/v1/package/version/assets")).willReturn(notFound()));
    wm.getWireMock().register(post(urlPathEqualTo("/v1/package/version/publish")).willReturn(okJson(
        "{\"format\":\"generic\",\"namespace\":\"airlock\",\"package\":\"tidy-stats\",\"version\":\"1.0.0\","
            + "\"versionRevision\":\"r1\",\"status\":\"Published\"}")));
    wm.getWireMock().register(get(urlPathEqualTo(asset)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/octet-stream").withBody(archive)));
    wm.getWireMock().register(get(urlPathEqualTo("/v1/package/version")).inScenario("status")
        .whenScenarioStateIs(STARTED).willReturn(packageVersion("Published")));
    wm.getWireMock().register(post(urlPathEqualTo("/v1/package/versions/update_status")).inScenario("status")
        .willReturn(okJson("{\"successfulVersions\":{\"1.0.0\":{\"revision\":\"r2\",\"status\":\"Archived\"}},"
            + "\"failedVersions\":{}}")).willSetStateTo("archived"));
    wm.getWireMock().register(get(urlPathEqualTo("/v1/package/version")).inScenario("status")
        .whenScenarioStateIs("archived").willReturn(packageVersion("Archived")));
    wm.getWireMock().register(post(urlPathEqualTo("/")).withRequestBody(containing("Action=Publish"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
            .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                + "<MessageId>m-1</MessageId></PublishResult></PublishResponse>")));
    List<String> codeArtifact = List.of("--repository", "codeartifact", "--codeartifact-domain", "data-science",
        "--codeartifact-domain-owner", "123456789012", "--codeartifact-repository", "approved",
        "--codeartifact-format", "generic");
    Run run = airlock(awsEnvironment(), "run", work.resolve("requests.csv").toString(), codeArtifact);
    assertThat(run.code()).as(run.err()).isZero();
    wm.getWireMock().setScenarioState("osv", "malicious");
    List<String> reevaluate = new ArrayList<>(codeArtifact);
    reevaluate.addAll(List.of("--notifiers", "console,sns", "--sns-topic-arn",
        "arn:aws:sns:us-east-1:123456789012:airlock-verdicts"));

    // When
    Run first = airlock(awsEnvironment(), "reevaluate", null, reevaluate);
    Run second = airlock(awsEnvironment(), "reevaluate", null, reevaluate);

    // Then
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(status(first)).isEqualTo("REVOKED");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(status(second)).isEqualTo("UNCHANGED");
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/v1/package/versions/update_status"))
        .withQueryParam("package", equalTo("tidy-stats"))
        .withRequestBody(matchingJsonPath("$.targetStatus", equalTo("Archived")))
        .withRequestBody(matchingJsonPath("$.versions[0]", equalTo("1.0.0"))));
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=Publish"))
        .withRequestBody(containing("StringValue=REVOKED")));
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=Publish")));
    assertThat(first.err()).contains("revoked (1 blocking finding) [to unknown, cc InfoSec]");
    assertThat(second.err()).doesNotContain("revoked (");
  }

  @Test
  void shouldDeleteTheReleaseAssetNoteWhyAndCommentOnTheRequestingCommitOnceWhenOsvNowReportsItMalicious()
      throws Exception {
    // Given: released on GitHub while OSV knew nothing, requested by COMMIT
    String base = wm.getHttpBaseUrl();
    String notes = "<!-- airlock:package=tidy-stats version=1.0.0 sha256=" + sha + " asset=" + ARCHIVE + " -->";
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES)).willReturn(okJson(
        "{\"id\":1,\"name\":\"approved-packages\",\"full_name\":\"acme/approved-packages\",\"owner\":{\"login\":\"acme\"}}")));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/tags/tidy-stats-1.0.0")).inScenario("release")
        .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));
    wm.getWireMock().register(post(urlPathEqualTo(RELEASES + "/releases")).inScenario("release")
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody(release(base, notes))).willSetStateTo("published"));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/tags/tidy-stats-1.0.0")).inScenario("release")
        .whenScenarioStateIs("published").willReturn(okJson(release(base, notes))));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/8001/assets")).inScenario("release")
        .whenScenarioStateIs("published").willReturn(okJson(assets(base))));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/8001/assets")).inScenario("release")
        .whenScenarioStateIs(STARTED).willReturn(okJson("[]")));
    wm.getWireMock().register(post(urlPathEqualTo(RELEASES + "/releases/8001/assets"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(
            "{\"id\":9003,\"name\":\"" + ARCHIVE + "\",\"state\":\"uploaded\"}")));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/assets/9003"))
        .willReturn(aResponse().withStatus(200).withBody(archive)));
    wm.getWireMock().register(patch(urlPathEqualTo(RELEASES + "/releases/8001")).inScenario("release")
        .willReturn(okJson(release(base, "<!-- airlock:withdrawn -->\\n" + notes))));
    wm.getWireMock().register(delete(urlPathEqualTo(RELEASES + "/releases/assets/9003")).inScenario("release")
        .willReturn(aResponse().withStatus(204)).willSetStateTo("withdrawn"));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/tags/tidy-stats-1.0.0")).inScenario("release")
        .whenScenarioStateIs("withdrawn").willReturn(okJson(release(base, "<!-- airlock:withdrawn -->\\n" + notes))));
    wm.getWireMock().register(get(urlPathEqualTo(RELEASES + "/releases/8001/assets")).inScenario("release")
        .whenScenarioStateIs("withdrawn").willReturn(okJson("[]")));
    wm.getWireMock().register(get(urlPathEqualTo(REQUESTS)).willReturn(okJson(
        "{\"id\":2,\"name\":\"package-requests\",\"full_name\":\"acme/package-requests\",\"owner\":{\"login\":\"acme\"}}")));
    wm.getWireMock().register(get(urlPathEqualTo(REQUESTS + "/commits/" + COMMIT))
        .willReturn(okJson("{\"sha\":\"" + COMMIT + "\"}")));
    wm.getWireMock().register(post(urlPathEqualTo(REQUESTS + "/commits/" + COMMIT + "/comments"))
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":5001}")));
    Map<String, String> env = Map.of("AIRLOCK_GITHUB_TOKEN", "test-token");
    List<String> github = List.of("--repository", "github", "--github-api-url", base,
        "--github-release-repository", "acme/approved-packages");
    List<String> runArgs = new ArrayList<>(github);
    runArgs.addAll(List.of("--source", "file", "--commit", COMMIT));
    Run run = airlock(env, "run", work.resolve("requests.csv").toString(), runArgs);
    assertThat(run.code()).as(run.err()).isZero();
    wm.getWireMock().setScenarioState("osv", "malicious");
    List<String> reevaluate = new ArrayList<>(github);
    reevaluate.addAll(List.of("--notifiers", "console,github", "--github-repository", "acme/package-requests"));

    // When
    Run first = airlock(env, "reevaluate", null, reevaluate);
    Run second = airlock(env, "reevaluate", null, reevaluate);

    // Then
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(status(first)).isEqualTo("REVOKED");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(status(second)).isEqualTo("UNCHANGED");
    wm.getWireMock().verifyThat(1, deleteRequestedFor(urlPathEqualTo(RELEASES + "/releases/assets/9003")));
    wm.getWireMock().verifyThat(1, patchRequestedFor(urlPathEqualTo(RELEASES + "/releases/8001"))
        .withRequestBody(containing("MAL-2026-77")).withRequestBody(containing("airlock:withdrawn")));
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo(REQUESTS + "/commits/" + COMMIT + "/comments"))
        .withRequestBody(containing("airlock:reevaluate")).withRequestBody(containing("MAL-2026-77")));
    wm.getWireMock().verifyThat(0, postRequestedFor(urlPathEqualTo(REQUESTS + "/statuses/" + COMMIT)));
    assertThat(first.out() + first.err() + second.out() + second.err()).doesNotContain("test-token");
  }

  private Run airlock(Map<String, String> env, String command, String requestFile, List<String> extra)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    if (requestFile != null) {
      args.add(requestFile);
    }
    args.addAll(List.of("--data-dir", work.resolve("data").toString(), "--format", "json",
        "--scanners", "builtin,osv", "--osv-api-url", wm.getHttpBaseUrl(),
        "--allow-host", "localhost:" + wm.getHttpPort()));
    args.addAll(extra);
    return AirlockProcess.run(work, env, args);
  }

  private Map<String, String> awsEnvironment() {
    return new HashMap<>(AirlockProcess.awsStub(wm.getHttpBaseUrl(), "airlock-test-secret"));
  }

  private static String status(Run run) throws Exception {
    return JSON.readTree(run.out()).path("requests").get(0).path("status").asText();
  }

  private static String release(String base, String body) {
    return "{\"id\":8001,\"url\":\"" + base + RELEASES + "/releases/8001\",\"tag_name\":\"tidy-stats-1.0.0\","
        + "\"name\":\"tidy-stats 1.0.0\",\"html_url\":\"https://github.example/acme/approved-packages/releases/tag/"
        + "tidy-stats-1.0.0\",\"upload_url\":\"" + base + RELEASES + "/releases/8001/assets{?name,label}\","
        + "\"assets\":[],\"body\":\"" + body.replace("\"", "\\\"") + "\"}";
  }

  private String assets(String base) {
    return "[{\"id\":9003,\"url\":\"" + base + RELEASES + "/releases/assets/9003\",\"name\":\"" + ARCHIVE
        + "\",\"state\":\"uploaded\",\"size\":" + archive.length + "}]";
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder packageVersion(String status) {
    return okJson("{\"packageVersion\":{\"format\":\"generic\",\"namespace\":\"airlock\",\"packageName\":\"tidy-stats\","
        + "\"version\":\"1.0.0\",\"status\":\"" + status + "\"}}");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder notFound() {
    return aResponse().withStatus(404).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
        .withBody("{\"message\":\"not found\",\"resourceType\":\"package\"}");
  }
}

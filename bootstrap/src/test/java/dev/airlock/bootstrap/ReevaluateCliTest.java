package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.bootstrap.AirlockProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock reevaluate} through the real process with the file repository and ledger:
 * WireMock serves the archives and plays the OSV API, whose answer changes between the run that
 * approved a package and the re-evaluation.
 */
@WireMockTest
class ReevaluateCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TIDY = "tidy-stats-1.0.0.tar.gz";
  private static final String FAST = "fast-json-helper-0.3.1.tar.gz";
  private static final String MAL_RECORD = """
      {"id": "MAL-2026-77", "summary": "Malicious code in tidy-stats (PyPI)",
       "details": "Steals cloud credentials at install time.",
       "affected": [{"package": {"ecosystem": "PyPI", "name": "tidy-stats"}, "versions": ["1.0.0"]}]}""";

  @TempDir
  Path work;

  private Path dataDir;
  private Path reports;
  private WireMockRuntimeInfo wm;

  @BeforeEach
  void serveArchives(WireMockRuntimeInfo wm) throws IOException {
    this.wm = wm;
    dataDir = work.resolve("data");
    reports = work.resolve("reports");
    for (String archive : List.of(TIDY, FAST)) {
      wm.getWireMock().register(get(urlPathEqualTo("/packages/" + archive)).willReturn(aResponse().withStatus(200)
          .withBody(Files.readAllBytes(Path.of("..", "examples", "packages", archive)))));
    }
    osvKnowsNothing();
  }

  @Test
  void shouldRevokeWithdrawAndTellOnceWhenOsvNowReportsAnApprovedPackageMalicious() throws Exception {
    // Given: tidy-stats was approved and published (listed in the simple index) while OSV knew nothing
    approve(TIDY, "tidy-stats");
    Path published = dataDir.resolve("repository/tidy-stats/1.0.0/" + TIDY);
    assertThat(published).exists();
    assertThat(dataDir.resolve("repository/simple/tidy-stats/index.html")).content().contains(TIDY);
    osvReportsMalicious();

    // When
    Run first = airlock("reevaluate", "--format", "json");
    Run second = airlock("reevaluate", "--format", "json");

    // Then
    assertThat(first.code()).as(first.err()).isZero();
    JsonNode revoked = JSON.readTree(first.out()).path("requests").get(0);
    assertThat(revoked.path("status").asText()).isEqualTo("REVOKED");
    assertThat(revoked.path("blockingFindings").get(0).path("rule").asText()).isEqualTo("MAL-2026-77");
    assertThat(published).doesNotExist();
    Path quarantined = dataDir.resolve("quarantine/tidy-stats/1.0.0");
    assertThat(quarantined.resolve(TIDY)).exists();
    assertThat(Files.readString(quarantined.resolve(TIDY + ".withdrawal.json"))).contains("MAL-2026-77");
    assertThat(dataDir.resolve("repository/simple/tidy-stats")).as("pip no longer finds it").doesNotExist();
    assertThat(dataDir.resolve("repository/simple/index.html")).content().doesNotContain("tidy-stats");
    assertThat(first.err()).contains("Airlock: tidy-stats 1.0.0 revoked (1 blocking finding) [to unknown, cc InfoSec]");
    JsonNode decision = onlyDecision("tidy-stats");
    assertThat(decision.path("outcome").asText()).isEqualTo("REVOKED");
    assertThat(history("tidy-stats")).singleElement()
        .satisfies(earlier -> assertThat(earlier.path("outcome").asText()).isEqualTo("APPROVED"));

    assertThat(second.code()).as(second.err()).isZero();
    assertThat(JSON.readTree(second.out()).path("requests").get(0).path("status").asText()).isEqualTo("UNCHANGED");
    assertThat(second.err()).doesNotContain("revoked (");
    assertThat(history("tidy-stats")).hasSize(1);
  }

  @Test
  void shouldPublishARefusedPackageWhenANewWaiverCoversWhatRefusedIt() throws Exception {
    // Given: fast-json-helper was refused
    Run run = airlock("run", requestFile(FAST, "fast-json-helper").toString(), "--format", "json");
    JsonNode refused = JSON.readTree(run.out()).path("requests").get(0);
    assertThat(refused.path("status").asText()).as(run.err()).isEqualTo("REFUSED");
    StringBuilder policy = new StringBuilder("threshold: MEDIUM\nwaivers:\n");
    for (JsonNode finding : refused.path("blockingFindings")) {
      policy.append("  - package: fast-json-helper\n    rule: ").append(finding.path("rule").asText())
          .append("\n    justification: reviewed by InfoSec (SEC-42)\n    expires: 2099-12-31\n");
    }
    Path policyFile = Files.writeString(work.resolve("policy.yaml"), policy);

    // When
    Run reevaluate = airlock("reevaluate", "--policy", policyFile.toString(), "--format", "json");

    // Then
    assertThat(reevaluate.code()).as(reevaluate.err()).isZero();
    JsonNode reopened = JSON.readTree(reevaluate.out()).path("requests").get(0);
    assertThat(reopened.path("status").asText()).isEqualTo("REOPENED");
    assertThat(reopened.path("publication").path("repository").asText()).isEqualTo("file");
    assertThat(dataDir.resolve("repository/fast-json-helper/0.3.1/" + FAST)).exists();
    assertThat(reevaluate.err()).contains("Airlock: fast-json-helper 0.3.1 approved on re-evaluation");
    assertThat(onlyDecision("fast-json-helper").path("outcome").asText()).isEqualTo("APPROVED");
    assertThat(history("fast-json-helper")).singleElement()
        .satisfies(earlier -> assertThat(earlier.path("outcome").asText()).isEqualTo("REFUSED"));
  }

  @Test
  void shouldRevokeNothingAndExitOneSayingWhyWhenOsvIsDown() throws Exception {
    // Given
    approve(TIDY, "tidy-stats");
    Map<String, String> before = tree(dataDir);
    wm.getWireMock().resetMappings();
    wm.getWireMock().register(post(urlPathEqualTo("/v1/querybatch"))
        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));

    // When
    Run run = airlock("reevaluate");

    // Then
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("ERROR").contains("scanner osv failed");
    assertThat(run.err()).contains("1 decision(s) could not be checked again")
        .contains("they were left as they were");
    assertThat(tree(dataDir)).isEqualTo(before);
  }

  @Test
  void shouldChangeNothingWhenDryRunning() throws Exception {
    // Given
    approve(TIDY, "tidy-stats");
    osvReportsMalicious();
    Map<String, String> before = tree(dataDir);
    wm.getWireMock().resetRequests();

    // When
    Run run = airlock("reevaluate", "--dry-run", "--format", "json");

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("requests").get(0).path("status").asText()).isEqualTo("WOULD_REVOKE");
    assertThat(run.err()).contains("dry run: 1 would be revoked, 0 would be reopened; nothing was changed")
        .doesNotContain("cc InfoSec");
    assertThat(tree(dataDir)).isEqualTo(before);
    List<String> calls = new ArrayList<>();
    for (LoggedRequest r : wm.getWireMock().find(anyRequestedFor(anyUrl()))) {
      calls.add(r.getMethod() + " " + r.getUrl());
    }
    assertThat(calls).containsExactlyInAnyOrder("POST /v1/querybatch", "GET /v1/vulns/MAL-2026-77");
  }

  @Test
  void shouldKeepTheRevocationButExitOneNamingTheReportWhenAReportCannotBeWritten() throws Exception {
    // Given: a folder stands where one report goes
    approve(TIDY, "tidy-stats");
    osvReportsMalicious();
    Files.delete(reports.resolve("airlock-junit.xml"));
    Files.writeString(Files.createDirectories(reports.resolve("airlock-junit.xml")).resolve("x"), "in the way");

    // When
    Run run = airlock("reevaluate");

    // Then
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("airlock: cannot write report").contains("airlock-junit.xml");
    assertThat(run.out()).contains("REVOKED");
    assertThat(onlyDecision("tidy-stats").path("outcome").asText()).isEqualTo("REVOKED");
    assertThat(Files.readString(reports.resolve("airlock-report.json"))).as("the other reports are still written")
        .contains("REVOKED");
  }

  private void approve(String archive, String name) throws Exception {
    Run run = airlock("run", requestFile(archive, name).toString(), "--format", "json");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("requests").get(0).path("status").asText()).isEqualTo("APPROVED");
  }

  private Path requestFile(String archive, String name) throws IOException {
    return Files.writeString(work.resolve("requests.csv"), name + "," + wm.getHttpBaseUrl() + "/packages/" + archive + "\n");
  }

  private void osvKnowsNothing() {
    wm.getWireMock().register(post(urlPathEqualTo("/v1/querybatch")).willReturn(okJson("{\"results\":[{}]}")));
  }

  private void osvReportsMalicious() {
    wm.getWireMock().register(post(urlPathEqualTo("/v1/querybatch")).atPriority(1)
        .withRequestBody(matchingJsonPath("$.queries[0].package.name", equalTo("tidy-stats")))
        .willReturn(okJson("{\"results\":[{\"vulns\":[{\"id\":\"MAL-2026-77\"}]}]}")));
    wm.getWireMock().register(get(urlPathEqualTo("/v1/vulns/MAL-2026-77")).willReturn(okJson(MAL_RECORD)));
  }

  private Run airlock(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", dataDir.toString(), "--report-dir", reports.toString(),
        "--scanners", "builtin,osv", "--osv-api-url", wm.getHttpBaseUrl(),
        "--allow-host", "localhost:" + wm.getHttpPort()));
    return AirlockProcess.run(work, Map.of(), all);
  }

  private JsonNode onlyDecision(String name) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("ledger").resolve(name))) {
      List<Path> decisions = files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.json")).toList();
      assertThat(decisions).hasSize(1);
      return JSON.readTree(decisions.get(0).toFile());
    }
  }

  private List<JsonNode> history(String name) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("ledger").resolve(name))) {
      List<JsonNode> entries = new ArrayList<>();
      for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".history.json")).toList()) {
        JSON.readTree(file.toFile()).forEach(entries::add);
      }
      return entries;
    }
  }

  /** Every file under {@code root} with its content: equal trees mean nothing was changed. */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }
}

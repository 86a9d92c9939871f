package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.bootstrap.AirlockProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code --scanners builtin,osv} through the real {@code airlock} process, WireMock playing the OSV API. */
@WireMockTest
@ExtendWith(DemoWorkspace.class)
class OsvScannerCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MAL_RECORD = """
      {"id": "MAL-2026-77", "summary": "Malicious code in tidy-stats (PyPI)",
       "details": "Steals cloud credentials at install time.",
       "affected": [{"package": {"ecosystem": "PyPI", "name": "tidy-stats"}, "versions": ["1.0.0"]}]}""";

  @DemoWorkspace.Folder
  Path work;

  private Path requestFile;

  @BeforeEach
  void writeRequestFile() throws IOException {
    requestFile = Files.writeString(work.resolve("requests.csv"), "tidy-stats,file:packages/tidy-stats-1.0.0.tar.gz\n");
  }


  @Test
  void shouldRefuseAndExitThreeWhenOsvReportsTheArchiveMalicious(WireMockRuntimeInfo wm) throws Exception {
    // Given
    wm.getWireMock().register(post(urlPathEqualTo("/v1/querybatch")).willReturn(okJson(
        "{\"results\":[{\"vulns\":[{\"id\":\"MAL-2026-77\"}]}]}")));
    wm.getWireMock().register(get(urlPathEqualTo("/v1/vulns/MAL-2026-77")).willReturn(okJson(MAL_RECORD)));

    // When
    Run run = AirlockProcess.run(work, Map.of("AIRLOCK_OSV_API_URL", wm.getHttpBaseUrl(),
        "AIRLOCK_ALLOWED_HOSTS", "localhost:" + wm.getHttpPort()),
        List.of("scan", work.resolve("packages/tidy-stats-1.0.0.tar.gz").toString(), "--scanners", "builtin,osv",
            "--format", "json"));

    // Then
    assertThat(run.code()).as(run.err()).isEqualTo(3);
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("verdict").asText()).isEqualTo("REFUSED");
    assertThat(doc.path("findings")).anySatisfy(f -> {
      assertThat(f.path("scanner").asText()).isEqualTo("osv");
      assertThat(f.path("rule").asText()).isEqualTo("MAL-2026-77");
      assertThat(f.path("severity").asText()).isEqualTo("CRITICAL");
    });
    wm.getWireMock().verifyThat(1, postRequestedFor(urlPathEqualTo("/v1/querybatch"))
        .withRequestBody(matchingJsonPath("$.queries[0].package.name", equalTo("tidy-stats")))
        .withRequestBody(matchingJsonPath("$.queries[0].version", equalTo("1.0.0"))));
  }

  @Test
  void shouldPublishNothingAndExitOneWhenOsvIsDownDuringARun(WireMockRuntimeInfo wm) throws Exception {
    // Given: OSV answers 503 to every attempt (Retry-After 0 keeps the test quick)
    wm.getWireMock().register(post(urlPathEqualTo("/v1/querybatch"))
        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));
    Path dataDir = work.resolve("data");

    // When
    Run run = AirlockProcess.run(work, Map.of(), List.of("run", requestFile.toString(), "--allow-file-urls",
        "--data-dir", dataDir.toString(), "--scanners", "builtin,osv", "--osv-api-url", wm.getHttpBaseUrl(),
        "--allow-host", "localhost:" + wm.getHttpPort(), "--format", "json"));

    // Then
    assertThat(run.code()).as(run.err()).isEqualTo(1);
    JsonNode request = JSON.readTree(run.out()).path("requests").get(0);
    assertThat(request.path("status").asText()).isEqualTo("ERROR");
    assertThat(request.path("error").asText()).contains("scanner osv failed")
        .contains("HTTP 503 (OSV unavailable)").contains("after 4 attempt(s)");
    assertThat(dataDir.resolve("repository")).doesNotExist();
    wm.getWireMock().verifyThat(4, postRequestedFor(urlPathEqualTo("/v1/querybatch")));
  }

  @Test
  void shouldExitTwoBeforeAnyWorkWhenTheOsvHostIsNotAllowListed() throws Exception {
    // When
    Run run = AirlockProcess.run(work, Map.of(), List.of("scan", work.resolve("packages/tidy-stats-1.0.0.tar.gz")
        .toString(), "--scanners", "osv", "--osv-api-url", "https://osv.mirror.example.com"));

    // Then
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--osv-api-url: OSV API host osv.mirror.example.com is not in the allow-list");
  }
}

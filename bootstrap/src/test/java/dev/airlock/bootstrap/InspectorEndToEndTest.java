package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code airlock scan --scanners builtin,inspector} process, the real Inspector Scan
 * client pointed at WireMock through the standard {@code AWS_ENDPOINT_URL} environment variable.
 */
@WireMockTest
class InspectorEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPORT = """
      {"sbom": {"bomFormat": "CycloneDX", "specVersion": "1.5",
        "components": [{"bom-ref": "pkg:pypi/pyyaml@5.3.1", "type": "library", "name": "pyyaml",
                        "version": "5.3.1", "purl": "pkg:pypi/pyyaml@5.3.1"}],
        "vulnerabilities": [{"bom-ref": "vuln-1", "id": "CVE-2020-14343",
          "ratings": [{"source": {"name": "NVD"}, "score": 9.8, "severity": "critical", "method": "CVSSv31"}],
          "description": "PyYAML before 5.4 runs arbitrary code from untrusted YAML.",
          "affects": [{"ref": "pkg:pypi/pyyaml@5.3.1"}],
          "properties": [{"name": "amazon:inspector:sbom_scanner:fixed_version:pkg:pypi/pyyaml@5.3.1", "value": "5.4"}]}]}}
      """;

  @TempDir
  Path work;


  @Test
  void shouldRefuseWithInspectorsFindingAfterAThrottledCallWhenScanningWithTheInspectorScanner(
      WireMockRuntimeInfo wm) throws Exception {
    // Given
    Path archive = ScanSbomOutTest.pythonProject(work.resolve("weatherly-1.4.0.tar.gz"));
    wm.getWireMock().register(post(urlPathEqualTo("/scan/sbom")).inScenario("throttled").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
            .withHeader("x-amzn-ErrorType", "ThrottlingException").withHeader("Retry-After", "1")
            .withBody("{\"message\":\"Rate exceeded\"}"))
        .willSetStateTo("calm"));
    wm.getWireMock().register(post(urlPathEqualTo("/scan/sbom")).inScenario("throttled").whenScenarioStateIs("calm")
        .willReturn(okJson(REPORT)));

    // When
    long started = System.nanoTime();
    Run run = airlock(wm.getHttpBaseUrl(), "scan", archive.toString(), "--scanners", "builtin,inspector",
        "--format", "json", "--sbom-out", work.resolve("sbom.json").toString());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // Then
    assertThat(run.code()).as(run.err()).isEqualTo(3);
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.path("verdict").asText()).isEqualTo("REFUSED");
    assertThat(doc.path("findings")).anySatisfy(f -> {
      assertThat(f.path("rule").asText()).isEqualTo("CVE-2020-14343");
      assertThat(f.path("severity").asText()).isEqualTo("CRITICAL");
      assertThat(f.path("scanner").asText()).isEqualTo("inspector");
    });
    wm.getWireMock().verifyThat(2, postRequestedFor(urlPathEqualTo("/scan/sbom"))
        .withRequestBody(matchingJsonPath("$.sbom.specVersion", equalTo("1.5"))));
    assertThat(took).as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    JsonNode written = JSON.readTree(work.resolve("sbom.json").toFile());
    assertThat(written.path("components")).hasSize(4);
    // the SBOM written is the one Inspector was sent, built once in the scan's pass over the archive
    JsonNode sent = JSON.readTree(wm.getWireMock().find(postRequestedFor(urlPathEqualTo("/scan/sbom"))).get(0)
        .getBodyAsString()).path("sbom");
    assertThat(written).isEqualTo(sent);
  }

  private Run airlock(String endpoint, String... args) throws Exception {
    Map<String, String> env = AirlockProcess.awsStub(endpoint, "airlock-test-secret");
    return AirlockProcess.run(work, env, List.of(args));
  }
}

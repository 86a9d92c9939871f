package dev.airlock.adapter.aws.inspector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.airlock.adapter.aws.inspector.CycloneDxSbomGeneratorTest.npm;
import static dev.airlock.adapter.aws.inspector.CycloneDxSbomGeneratorTest.npmPackage;
import static dev.airlock.adapter.aws.inspector.CycloneDxSbomGeneratorTest.pypi;
import static dev.airlock.adapter.aws.inspector.CycloneDxSbomGeneratorTest.pythonProject;
import static dev.airlock.adapter.aws.testing.AwsResponses.restJsonError;
import static dev.airlock.adapter.aws.testing.AwsTestData.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link InspectorSbomScanner} through the real Inspector Scan client (REST-JSON:
 * {@code POST /scan/sbom}) against WireMock, with ScanSbom reports shaped like the service's.
 */
@WireMockTest
class InspectorSbomScannerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMPTY_REPORT = """
      {"sbom": {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [], "vulnerabilities": []}}""";
  private static final RetrySettings RETRY = new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(30));

  private final List<Duration> waits = new ArrayList<>();

  private InspectorSbomScanner scanner(WireMockRuntimeInfo wm) {
    // The SDK client makes one attempt per call: the scanner retries itself, honouring Retry-After.
    return new InspectorSbomScanner(WireMockAws.inspectorScan(wm, 1), TextArchive.generator(), RETRY,
        InspectorSbomScanner.MAX_COMPONENTS, waits::add);
  }

  private static MappingBuilder scanSbom() {
    return post(urlPathEqualTo("/scan/sbom"));
  }

  private static RequestPatternBuilder scanSbomRequested() {
    return postRequestedFor(urlPathEqualTo("/scan/sbom"));
  }

  private static List<JsonNode> sentSboms(WireMockRuntimeInfo wm) throws Exception {
    List<JsonNode> sent = new ArrayList<>();
    for (LoggedRequest r : wm.getWireMock().find(scanSbomRequested())) {
      sent.add(JSON.readTree(r.getBodyAsString()).path("sbom"));
    }
    return sent;
  }

  private static InMemoryFetchedArtifact weatherly() {
    return CycloneDxSbomGeneratorTest.pythonProject().artifact("weatherly-1.4.0.tar.gz");
  }

  private static Finding only(List<Finding> findings, String ruleId) {
    return findings.stream().filter(f -> f.ruleId().equals(ruleId)).reduce((a, b) -> {
      throw new AssertionError("two findings " + ruleId);
    }).orElseThrow(() -> new AssertionError("no finding " + ruleId + " in " + findings));
  }

  @Nested
  @DisplayName("sending the SBOM")
  class Sending {

    @Test
    void shouldSendTheProjectsSbomAsCycloneDx15WhenScanningAPythonProject(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(okJson(EMPTY_REPORT)));

      // When
      scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      wm.getWireMock().verifyThat(1, scanSbomRequested()
          .withHeader("Content-Type", equalTo("application/json"))
          .withRequestBody(matchingJsonPath("$.outputFormat", equalTo("CYCLONE_DX_1_5")))
          .withRequestBody(matchingJsonPath("$.sbom.specVersion", equalTo("1.5")))
          .withRequestBody(matchingJsonPath("$.sbom.components[?(@.purl == 'pkg:pypi/pyyaml@5.3.1')]"))
          .withRequestBody(matchingJsonPath("$.sbom.metadata.component.purl", equalTo("pkg:pypi/weatherly@1.4.0"))));
      JsonNode sent = sentSboms(wm).get(0);
      assertThat(sent.path("components")).hasSize(16);
      assertThat(new JsonParser().validate(sent, Version.VERSION_15)).isEmpty();
    }

    @Test
    void shouldSplitIntoValidSbomsOfAtMostTheLimitWhenThereAreMoreComponents(WireMockRuntimeInfo wm)
        throws Exception {
      // Given: one more pinned requirement than ScanSbom accepts, plus the package itself
      String requirements = String.join("\n", IntStream.rangeClosed(1, InspectorSbomScanner.MAX_COMPONENTS + 1)
          .mapToObj(i -> "pkg-" + i + "==1.0." + i).toList());
      TextArchive contents = new TextArchive().with("big-1.0/requirements.txt", requirements);
      wm.getWireMock().register(scanSbom().willReturn(okJson(EMPTY_REPORT)));

      // When
      scanner(wm).scan(pypi("big", "1.0"), contents.artifact("big-1.0.tar.gz"));

      // Then
      List<JsonNode> sent = sentSboms(wm);
      assertThat(sent).extracting(s -> s.path("components").size())
          .containsExactly(InspectorSbomScanner.MAX_COMPONENTS, 2);
      assertThat(sent).extracting(s -> s.path("serialNumber").asText()).doesNotHaveDuplicates();
      for (JsonNode batch : sent) {
        assertThat(new JsonParser().validate(batch, Version.VERSION_15)).isEmpty();
        assertThat(batch.path("metadata").path("component").path("purl").asText()).isEqualTo("pkg:pypi/big@1.0");
      }
    }

    @Test
    void shouldFinishWithOneInfoFindingAndNoCallWhenTheSbomHasNoComponents(WireMockRuntimeInfo wm) throws Exception {
      // Given
      TextArchive contents = new TextArchive().with("tool/main.py", "print('hi')\n");
      dev.airlock.domain.PackageRequest request = dev.airlock.domain.PackageRequest.builder().name("tool")
          .url(java.net.URI.create("https://github.com/example/tool/archive/refs/heads/main.zip")).build();

      // When
      List<Finding> findings = scanner(wm).scan(request, contents.artifact("main.zip"));

      // Then
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.ruleId()).isEqualTo("inspector-empty-sbom");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.scanner()).isEqualTo("inspector");
      });
      wm.getWireMock().verifyThat(0, scanSbomRequested());
    }
  }

  @Nested
  @DisplayName("mapping the report")
  class Mapping {

    @Test
    void shouldTakeNvdSeverityFixedVersionAndAdvisoriesWhenInspectorReportsVulnerabilities(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(okJson(fixture(InspectorSbomScannerTest.class,
          "scan-sbom-python.json"))));

      // When
      List<Finding> findings = scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      Finding pyyaml = only(findings, "CVE-2020-14343");
      assertThat(pyyaml.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(pyyaml.title()).isEqualTo("CVE-2020-14343 in pyyaml@5.3.1");
      assertThat(pyyaml.path()).contains("weatherly-1.4.0/pyproject.toml");
      assertThat(pyyaml.recommendation()).isEqualTo("Upgrade pyyaml to 5.4 or later.");
      assertThat(pyyaml.description())
          .contains("arbitrary code execution")
          .contains("Severity from NVD CVSSv31 9.8")
          .contains("https://bugzilla.redhat.com/show_bug.cgi?id=1860466")
          .contains("https://github.com/advisories/GHSA-8q59-q68h-6hv4");
      Finding urllib3 = only(findings, "CVE-2021-33503");
      assertThat(urllib3.severity()).as("NVD's CVSS v3.1 rating wins over its v2 one and over GitHub's")
          .isEqualTo(Severity.HIGH);
      assertThat(urllib3.path()).contains("weatherly-1.4.0/requirements.txt");
      assertThat(urllib3.recommendation()).isEqualTo("Upgrade urllib3 to 1.26.5 or later.");
    }

    @Test
    void shouldCountAVulnerabilityAsMediumWhenNoRatingGivesASeverity(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(okJson(fixture(InspectorSbomScannerTest.class,
          "scan-sbom-python.json"))));

      // When
      List<Finding> findings = scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      Finding requests = only(findings, "GHSA-j8r2-6x86-q33q");
      assertThat(requests.severity()).isEqualTo(Severity.MEDIUM);
      assertThat(requests.description()).contains("No usable severity rating was given; treated as MEDIUM.");
      assertThat(requests.recommendation()).startsWith("No fixed version is known");
    }

    @Test
    void shouldReportMaliciousPackagesAndKnownExploitedVulnerabilitiesAsCriticalWhenInspectorFlagsThem(
        WireMockRuntimeInfo wm) throws Exception {
      // Given: the npm report flags @types/node as malicious and lists the cookie CVE in CISA KEV
      wm.getWireMock().register(scanSbom().willReturn(okJson(fixture(InspectorSbomScannerTest.class,
          "scan-sbom-npm.json"))));

      // When
      List<Finding> findings = scanner(wm).scan(npm("express", "4.17.1"), npmPackage().artifact("express-4.17.1.tgz"));

      // Then
      Finding malicious = only(findings, "MAL-2025-49238");
      assertThat(malicious.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(malicious.title()).isEqualTo("Malicious package @types/node@20.8.7");
      assertThat(malicious.recommendation()).startsWith("Do not install @types/node@20.8.7");
      assertThat(malicious.path()).contains("package/package-lock.json");
      Finding kev = only(findings, "CVE-2024-47764");
      assertThat(kev.severity()).as("GitHub rates it low, but it is known to be exploited").isEqualTo(Severity.CRITICAL);
      assertThat(kev.description()).contains("Known Exploited Vulnerabilities catalog since 2026-10-02")
          .contains("A public exploit is known.");
      Finding qs = only(findings, "CVE-2022-24999");
      assertThat(qs.severity()).isEqualTo(Severity.HIGH);
      assertThat(qs.recommendation()).isEqualTo("Upgrade qs to 6.7.3 or later.");
    }

    @Test
    void shouldListUnpinnedDependenciesInOneInfoFindingWhenManifestsGiveRanges(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(okJson(EMPTY_REPORT)));

      // When
      List<Finding> findings = scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      Finding unpinned = only(findings, "inspector-unpinned-dependencies");
      assertThat(unpinned.severity()).isEqualTo(Severity.INFO);
      assertThat(unpinned.title()).isEqualTo("3 dependencies have no pinned version");
      assertThat(unpinned.description()).contains("pandas (weatherly-1.4.0/pyproject.toml)")
          .contains("pytest (weatherly-1.4.0/pyproject.toml)")
          .contains("typing-extensions (weatherly-1.4.0/pyproject.toml)");
      assertThat(findings).extracting(Finding::ruleId).containsExactly("inspector-unpinned-dependencies");
    }
  }

  @Nested
  @DisplayName("throttling and errors")
  class Failures {

    @Test
    void shouldWaitAsLongAsRetryAfterSaysAndRetryWhenThrottled(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().inScenario("throttled").whenScenarioStateIs(STARTED)
          .willReturn(restJsonError(429, "ThrottlingException", "Rate exceeded").withHeader("Retry-After", "7"))
          .willSetStateTo("calm"));
      wm.getWireMock().register(scanSbom().inScenario("throttled").whenScenarioStateIs("calm")
          .willReturn(okJson(fixture(InspectorSbomScannerTest.class, "scan-sbom-python.json"))));

      // When
      List<Finding> findings = scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      assertThat(waits).containsExactly(Duration.ofSeconds(7));
      wm.getWireMock().verifyThat(2, scanSbomRequested());
      assertThat(findings).extracting(Finding::ruleId).contains("CVE-2020-14343");
    }

    @Test
    void shouldBackOffAndRetryWhenTheServiceFailsOnceWithoutRetryAfter(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().inScenario("flaky").whenScenarioStateIs(STARTED)
          .willReturn(restJsonError(500, "InternalServerException", "internal error")).willSetStateTo("ok"));
      wm.getWireMock().register(scanSbom().inScenario("flaky").whenScenarioStateIs("ok")
          .willReturn(okJson(EMPTY_REPORT)));

      // When
      scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      wm.getWireMock().verifyThat(2, scanSbomRequested());
      assertThat(waits).singleElement().satisfies(w ->
          assertThat(w).isBetween(RETRY.baseDelay().dividedBy(2), RETRY.baseDelay()));
    }

    @Test
    void shouldCapTheWaitWhenRetryAfterAsksForMoreThanTheLongestAllowed(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().inScenario("slow").whenScenarioStateIs(STARTED)
          .willReturn(restJsonError(503, "ServiceUnavailableException", "busy").withHeader("Retry-After", "3600"))
          .willSetStateTo("ok"));
      wm.getWireMock().register(scanSbom().inScenario("slow").whenScenarioStateIs("ok")
          .willReturn(okJson(EMPTY_REPORT)));

      // When
      scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      assertThat(waits).containsExactly(RETRY.maxDelay());
    }

    @Test
    void shouldWaitAsLongAsAnInternalErrorsRetryAfterSaysWhenTheServiceFailsOnce(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().inScenario("internal").whenScenarioStateIs(STARTED)
          .willReturn(restJsonError(500, "InternalServerException", "internal error").withHeader("Retry-After", "2"))
          .willSetStateTo("ok"));
      wm.getWireMock().register(scanSbom().inScenario("internal").whenScenarioStateIs("ok")
          .willReturn(okJson(EMPTY_REPORT)));

      // When
      scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly());

      // Then
      assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void shouldRetryAndThenFailSayingTheServiceCouldNotBeReachedWhenTheConnectionBreaks(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly()));

      // Then
      assertThat(e).hasMessage("Amazon Inspector ScanSbom failed after 3 attempts: the service could not be reached "
          + "(SdkClientException)");
      wm.getWireMock().verifyThat(RETRY.maxAttempts(), scanSbomRequested());
      assertThat(waits).hasSize(RETRY.maxAttempts() - 1);
    }

    @Test
    void shouldFailAfterTheLastAttemptWithoutQuotingTheBodyWhenTheServiceKeepsFailing(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(scanSbom()
          .willReturn(restJsonError(500, "InternalServerException", "stack trace with AKIDSECRETVALUE inside")));

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly()));

      // Then
      assertThat(e).hasMessage("Amazon Inspector ScanSbom failed after 3 attempts: HTTP 500 InternalServerException");
      wm.getWireMock().verifyThat(RETRY.maxAttempts(), scanSbomRequested());
    }

    @Test
    void shouldFailAtOnceNamingTheMissingPermissionWhenAccessIsDenied(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(restJsonError(403, "AccessDeniedException",
          "User: arn:aws:sts::123456789012:assumed-role/airlock/session is not authorized")));

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly()));

      // Then
      assertThat(e).hasMessage("Amazon Inspector ScanSbom was refused: HTTP 403 AccessDeniedException "
          + "(the role needs inspector-scan:ScanSbom)");
      assertThat(e.getMessage()).doesNotContain("123456789012");
      wm.getWireMock().verifyThat(1, scanSbomRequested());
      assertThat(waits).isEmpty();
    }

    @Test
    void shouldFailWhenTheServiceAnswersWithoutAReport(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(okJson("{}")));

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> scanner(wm).scan(pypi("weatherly", "1.4.0"), weatherly()));

      // Then
      assertThat(e).hasMessage("Amazon Inspector ScanSbom returned no report");
      assertThat(Optional.ofNullable(e.getCause())).isEmpty();
    }
  }

  @Nested
  @DisplayName("fed by a pass over the archive")
  class FedByAPass {

    /** Feeds {@code scan} as the one pass does: every entry offered, the wanted ones handed over. */
    private static java.util.Map<dev.airlock.archive.ArchiveReader.SharedReader, Exception> feed(
        dev.airlock.application.port.out.EntryScanner.EntryScan scan, InMemoryFetchedArtifact artifact,
        List<String> offered, dev.airlock.archive.ArchiveLimits limits) throws Exception {
      dev.airlock.archive.ArchiveReader.SharedReader reader = new dev.airlock.archive.ArchiveReader.SharedReader() {
        @Override
        public boolean wants(dev.airlock.archive.ArchiveItem item) {
          offered.add(item.name());
          return scan.wants(entry(item));
        }

        @Override
        public void visit(dev.airlock.archive.ArchiveItem item, java.io.InputStream content) throws java.io.IOException {
          scan.visit(entry(item), content);
        }
      };
      dev.airlock.archive.ArchiveReader.SharedResult result = new dev.airlock.archive.ArchiveReader(limits)
          .readShared(dev.airlock.archive.ArchiveSource.of(artifact.fileName(), artifact.size(), artifact::openStream,
              artifact::openChannel), List.of(reader));
      result.limit().ifPresent(limit -> scan.limitPassed(limit.getMessage()));
      return result.failed();
    }

    private static dev.airlock.application.port.ArchiveEntry entry(dev.airlock.archive.ArchiveItem item) {
      return new dev.airlock.application.port.ArchiveEntry(item.name(),
          dev.airlock.application.port.ArchiveEntry.Kind.valueOf(item.type().name()), item.declaredSize(),
          item.linkTarget());
    }

    @Test
    void shouldSendTheSbomItSendsAloneAndHandItOnceToTheListenerWhenFedTheManifests(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(scanSbom().willReturn(okJson(EMPTY_REPORT)));
      InMemoryFetchedArtifact artifact = weatherly();
      scanner(wm).scan(pypi("weatherly", "1.4.0"), artifact);
      JsonNode alone = sentSboms(wm).get(0);
      wm.getWireMock().resetRequests();
      List<GeneratedSbom> heard = new ArrayList<>();
      InspectorSbomScanner listened = new InspectorSbomScanner(WireMockAws.inspectorScan(wm, 1),
          TextArchive.generator(), RETRY, heard::add);
      List<String> offered = new ArrayList<>();

      // When
      var scan = listened.start(pypi("weatherly", "1.4.0"), artifact);
      var failed = feed(scan, artifact, offered, dev.airlock.archive.ArchiveLimits.defaults());
      scan.finish();

      // Then
      assertThat(failed).isEmpty();
      assertThat(offered).isNotEmpty();
      assertThat(sentSboms(wm)).containsExactly(alone);
      assertThat(heard).hasSize(1);
      assertThat(JSON.readTree(heard.get(0).toJson()).path("components")).isEqualTo(alone.path("components"));
    }

    @Test
    void shouldFailAtFinishWithoutCallingInspectorWhenThePassStoppedAtALimit(WireMockRuntimeInfo wm) throws Exception {
      // Given: at most two entries
      wm.getWireMock().register(scanSbom().willReturn(okJson(EMPTY_REPORT)));
      InMemoryFetchedArtifact artifact = weatherly();
      var scan = scanner(wm).start(pypi("weatherly", "1.4.0"), artifact);
      feed(scan, artifact, new ArrayList<>(), new dev.airlock.archive.ArchiveLimits(2, 1_000_000, 1_000_000));

      // When
      PortException e = catchThrowableOfType(PortException.class, scan::finish);

      // Then
      assertThat(e).hasMessageStartingWith("archive weatherly-1.4.0.tar.gz passes an intake limit: ");
      wm.getWireMock().verifyThat(0, scanSbomRequested());
    }
  }
}

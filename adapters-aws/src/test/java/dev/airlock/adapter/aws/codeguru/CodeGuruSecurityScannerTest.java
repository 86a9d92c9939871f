package dev.airlock.adapter.aws.codeguru;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.airlock.adapter.aws.testing.AwsResponses.restJsonError;
import static dev.airlock.adapter.aws.testing.AwsTestData.fixture;
import static dev.airlock.adapter.aws.testing.AwsTestData.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.adapter.aws.testing.WireMockAws;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.codegurusecurity.model.AnalysisType;

/**
 * Drives {@link CodeGuruSecurityScanner} through the real CodeGuru Security client (REST-JSON,
 * matched by method and path) against WireMock, which also plays the pre-signed S3 upload URL.
 */
@WireMockTest
class CodeGuruSecurityScannerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCAN_NAME = Pattern.compile("^[a-zA-Z0-9-_$:.]{1,140}$");
  /** CreateScan's {@code clientToken}: 1 to 64 characters, pattern {@code ^[\S]+$}. */
  private static final Pattern CLIENT_TOKEN = Pattern.compile("^\\S{1,64}$");
  private static final String ARTIFACT_ID = "art-1";
  private static final String RUN_ID = "run-1";
  private static final String UPLOAD_PATH = "/upload/abc";
  private static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLEsessionTOKENneverShown";
  private static final Map<String, String> UPLOAD_HEADERS = Map.of(
      "x-amz-server-side-encryption", "aws:kms",
      "x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:123456789012:key/k-1",
      "x-amz-meta-airlock-scan", "fast-json-helper");
  private static final PollSettings FAST_POLL =
      new PollSettings(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(500));
  private static final int MAX_ATTEMPTS = 3;
  private static final HttpClient UPLOADER = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final byte[] ARCHIVE = "PK\u0003\u0004 a tiny zip-ish archive \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

  @AfterAll
  static void closeUploader() {
    UPLOADER.close();
  }

  @Nested
  @DisplayName("uploading the archive and starting the scan")
  class Uploading {

    @Test
    void shouldPutTheArchiveWithEveryReturnedHeaderWhenTheUploadUrlIsCreated(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");

      // When
      scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      RequestPatternBuilder upload = uploadRequested()
          .withQueryParam("X-Amz-Security-Token", equalTo(SESSION_TOKEN))
          .withRequestBody(binaryEqualTo(ARCHIVE));
      UPLOAD_HEADERS.forEach((name, value) -> upload.withHeader(name, equalTo(value)));
      wm.getWireMock().verifyThat(1, upload);
    }

    @Test
    void shouldCreateAStandardSecurityScanOfTheUploadedArtifactWhenTheUploadSucceeded(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");

      // When
      scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      String scanName = scanNameUsed(wm);
      wm.getWireMock().verifyThat(1, createScanRequested()
          .withRequestBody(matchingJsonPath("$.scanName", equalTo(scanName)))
          .withRequestBody(matchingJsonPath("$.scanType", equalTo("Standard")))
          .withRequestBody(matchingJsonPath("$.analysisType", equalTo("Security")))
          .withRequestBody(matchingJsonPath("$.resourceId.codeArtifactId", equalTo(ARTIFACT_ID)))
          .withRequestBody(matchingJsonPath("$.clientToken")));
      wm.getWireMock().verifyThat(1, getScanRequested().withUrl("/scans/" + scanName + "?runId=" + RUN_ID));
      wm.getWireMock().verifyThat(1, getFindingsRequested()
          .withUrl("/findings/" + scanName + "?status=Open"));
    }

    @Test
    void shouldAskForTheConfiguredAnalysisTypeWhenOneIsGiven(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");
      var scanner = new CodeGuruSecurityScanner(WireMockAws.codeGuru(wm, MAX_ATTEMPTS), UPLOADER, AnalysisType.ALL,
          FAST_POLL);

      // When
      scanner.scan(request("fast-json-helper"), artifact());

      // Then
      wm.getWireMock().verifyThat(1, createScanRequested()
          .withRequestBody(matchingJsonPath("$.analysisType", equalTo("All"))));
    }

    @Test
    void shouldFailWithoutCreatingAScanWhenTheUploadIsRefused(WireMockRuntimeInfo wm) {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");
      wm.getWireMock().register(upload().willReturn(aResponse().withStatus(403)
          .withHeader("Content-Type", "application/xml")
          .withBody("<Error><Code>SignatureDoesNotMatch</Code></Error>")));

      // When
      PortException e = catchScanFailure(wm, request("fast-json-helper"));

      // Then
      assertThat(e).hasMessageContaining("upload").hasMessageContaining("403");
      wm.getWireMock().verifyThat(0, createScanRequested());
      wm.getWireMock().verifyThat(0, getFindingsRequested());
    }

    @Test
    void shouldFailWithoutRevealingTheSignedUrlWhenTheUploadConnectionBreaks(WireMockRuntimeInfo wm) {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");
      wm.getWireMock().register(upload().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

      // When
      PortException e = catchScanFailure(wm, request("fast-json-helper"));

      // Then
      assertThat(e).hasMessageContaining("upload");
      assertThat(e.getMessage()).doesNotContain(SESSION_TOKEN);
      wm.getWireMock().verifyThat(0, createScanRequested());
    }
  }

  @Nested
  @DisplayName("scan names")
  class Naming {

    @ParameterizedTest
    @ValueSource(strings = {
        "requests",
        "Fast_JSON.Helper",
        "a-very-long-package-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on",
        "Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9_9.9-Z9"})
    void shouldUseOneValidScanNameForEveryCallWhenThePackageIsNamed(String name, WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");

      // When
      scanner(wm).scan(request(name), artifact());

      // Then
      String scanName = scanNameUsed(wm);
      assertThat(scanName).matches(SCAN_NAME).startsWith("airlock-");
      wm.getWireMock().verifyThat(1, createScanRequested()
          .withRequestBody(matchingJsonPath("$.scanName", equalTo(scanName))));
      wm.getWireMock().verifyThat(1, getScanRequested().withUrl("/scans/" + scanName + "?runId=" + RUN_ID));
      wm.getWireMock().verifyThat(1, getFindingsRequested().withUrl("/findings/" + scanName + "?status=Open"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "requests",
        "opentelemetry-instrumentation-requests",
        "a-very-long-package-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on"})
    void shouldSendAClientTokenCodeGuruAcceptsWhenThePackageIsNamed(String name, WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");

      // When
      scanner(wm).scan(request(name), artifact());

      // Then CreateScan's clientToken is 1 to 64 non-blank characters, or CodeGuru refuses the call
      List<LoggedRequest> created = wm.getWireMock().find(createScanRequested());
      assertThat(created).hasSize(1);
      String clientToken = JSON.readTree(created.get(0).getBodyAsString()).path("clientToken").asText();
      assertThat(clientToken).matches(CLIENT_TOKEN);
    }

    @Test
    void shouldGiveDifferentContentDifferentScanNamesWhenThePackageIsTheSame(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");
      var scanner = scanner(wm);
      scanner.scan(request("requests"), new InMemoryFetchedArtifact("requests-2.31.0.tar.gz", "one".getBytes(StandardCharsets.UTF_8)));
      String first = scanNameUsed(wm);
      wm.getWireMock().resetRequests();

      // When
      scanner.scan(request("requests"), new InMemoryFetchedArtifact("requests-2.31.0.tar.gz", "two".getBytes(StandardCharsets.UTF_8)));

      // Then
      assertThat(scanNameUsed(wm)).isNotEqualTo(first);
    }
  }

  @Nested
  @DisplayName("reading findings")
  class ReadingFindings {

    @Test
    void shouldReadEveryPageWhenTheOnlyBlockingFindingIsOnTheLastPage(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");
      wm.getWireMock().register(getFindings().withQueryParam("nextToken", absent())
          .willReturn(okJson(fixture(getClass(), "findings-page-1.json"))));
      wm.getWireMock().register(getFindings().withQueryParam("nextToken", equalTo("page-2"))
          .willReturn(okJson(fixture(getClass(), "findings-page-2.json"))));
      wm.getWireMock().register(getFindings().withQueryParam("nextToken", equalTo("page-3"))
          .willReturn(okJson(fixture(getClass(), "findings-page-3.json"))));
      PackageRequest request = request("fast-json-helper");

      // When
      List<Finding> findings = scanner(wm).scan(request, artifact());

      // Then
      assertThat(findings).extracting(Finding::ruleId).containsExactly("python/log-injection@v1.0",
          "python/hardcoded-ip@v1.0", "python/insecure-hash@v1.0", "python/os-command-injection@v1.0");
      assertThat(findings).filteredOn(f -> f.severity().isAtLeast(Severity.MEDIUM)).singleElement()
          .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
      assertThat(SeverityPolicy.defaultPolicy().evaluate(request.name(), findings, LocalDate.of(2030, 1, 1))
          .isApproved()).isFalse();
      for (String token : new String[] {"page-2", "page-3"}) {
        wm.getWireMock().verifyThat(1, getFindingsRequested().withQueryParam("nextToken", equalTo(token))
            .withQueryParam("status", equalTo("Open")));
      }
      wm.getWireMock().verifyThat(3, getFindingsRequested());
    }

    @Test
    void shouldReportCriticalWhenTheOnlyFindingIsCritical(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, findings(finding("python/code-injection@v1.0", "Critical")));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.ruleId()).isEqualTo("python/code-injection@v1.0");
      });
      assertThat(SeverityPolicy.defaultPolicy().evaluate("fast-json-helper", findings, LocalDate.of(2030, 1, 1))
          .isApproved()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Critical, CRITICAL", "High, HIGH", "Medium, MEDIUM", "Low, LOW", "Info, INFO",
        "HIGH, HIGH", "critical, CRITICAL"})
    void shouldMapCodeGuruSeverityOntoAirlocksWhenTheSeverityIsKnown(String codeGuru, Severity expected,
        WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", codeGuru)));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().extracting(Finding::severity).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Severe", "Unknown", ""})
    void shouldCountTheFindingAsMediumWhenItsSeverityIsUnknown(String codeGuru, WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", codeGuru)));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().extracting(Finding::severity).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void shouldCountTheFindingAsMediumWhenItHasNoSeverity(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[{\"id\":\"f-1\",\"ruleId\":\"rule-1\",\"title\":\"t\",\"status\":\"Open\"}]}");

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().extracting(Finding::severity).isEqualTo(Severity.MEDIUM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"findings\":[]}", "{}"})
    void shouldReturnNoFindingsWhenTheScanFoundNothing(String body, WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, body);

      // When
      List<Finding> findings = scanner(wm).scan(request("tidy-stats"), artifact());

      // Then
      assertThat(findings).isEmpty();
      wm.getWireMock().verifyThat(1, getFindingsRequested());
    }

    @Test
    void shouldKeepRuleTextLocationAndReferencesWhenMappingAFinding(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, fixture(getClass(), "finding-full.json"));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.ruleId()).isEqualTo("python/os-command-injection@v1.0");
        assertThat(f.title()).isEqualTo("Unsanitized input is run as a shell command");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.scanner()).isEqualTo("codeguru");
        assertThat(f.path()).contains("fast-json-helper-0.3.1/setup.py");
        assertThat(f.line()).hasValue(11);
        assertThat(f.location()).isEqualTo("fast-json-helper-0.3.1/setup.py:11");
        assertThat(f.description())
            .contains("setup.py passes the PIP_EXTRA value to os.system at install time.")
            .contains("OS command injection")
            .contains("https://cwe.mitre.org/data/definitions/77.html", "https://cwe.mitre.org/data/definitions/78.html");
        assertThat(f.recommendation())
            .contains("Pass a list of arguments to subprocess.run and never a shell string.")
            .contains("https://docs.python.org/3/library/subprocess.html#security-considerations");
      });
    }

    @Test
    void shouldFallBackToTheDetectorAndFileNameWhenRuleIdAndPathAreMissing(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[{\"id\":\"f-1\",\"detectorId\":\"python/detector@v2\","
          + "\"detectorName\":\"Some detector\",\"severity\":\"Low\",\"status\":\"Open\","
          + "\"vulnerability\":{\"filePath\":{\"name\":\"setup.py\",\"startLine\":0}}}]}");

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.ruleId()).isEqualTo("python/detector@v2");
        assertThat(f.title()).isEqualTo("Some detector");
        assertThat(f.path()).contains("setup.py");
        assertThat(f.line()).as("line 0 is no line").isEmpty();
      });
    }
  }

  @Nested
  @DisplayName("waiting for the scan")
  class Waiting {

    @Test
    void shouldPollUntilTheScanSucceedsWhenItTakesAWhile(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", "High")));
      wm.getWireMock().register(getScan().inScenario("slow").whenScenarioStateIs(STARTED)
          .willReturn(scanState("InProgress")).willSetStateTo("still running"));
      wm.getWireMock().register(getScan().inScenario("slow").whenScenarioStateIs("still running")
          .willReturn(scanState("InProgress")).willSetStateTo("done"));
      wm.getWireMock().register(getScan().inScenario("slow").whenScenarioStateIs("done")
          .willReturn(scanState("Successful")));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).hasSize(1);
      wm.getWireMock().verifyThat(3, getScanRequested());
    }

    @Test
    void shouldFailWithTheScanErrorWhenTheScanFailed(WireMockRuntimeInfo wm) {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", "Low")));
      wm.getWireMock().register(getScan().willReturn(okJson("{\"scanName\":\"s\",\"runId\":\"" + RUN_ID
          + "\",\"scanState\":\"Failed\",\"createdAt\":1700000000,"
          + "\"errorMessage\":\"The uploaded archive could not be unpacked\"}")));

      // When
      PortException e = catchScanFailure(wm, request("fast-json-helper"));

      // Then
      assertThat(e).hasMessageContaining("failed").hasMessageContaining("The uploaded archive could not be unpacked");
      wm.getWireMock().verifyThat(0, getFindingsRequested());
    }

    @Test
    void shouldGiveUpAtTheTimeoutPollingWithDoublingJitteredDelaysWhenTheScanNeverFinishes(WireMockRuntimeInfo wm) {
      // Given: time that passes only when the scanner waits, 1 s doubling up to 8 s, for at most 60 s
      stubCompletedScan(wm, findings(finding("rule-1", "Low")));
      wm.getWireMock().register(getScan().willReturn(scanState("InProgress")));
      SimulatedTime time = new SimulatedTime();
      var scanner = new CodeGuruSecurityScanner(WireMockAws.codeGuru(wm, MAX_ATTEMPTS), UPLOADER, AnalysisType.SECURITY,
          new PollSettings(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60)), time.clock(),
          time::sleep);

      // When
      PortException e = catchThrowableOfType(PortException.class,
          () -> scanner.scan(request("fast-json-helper"), artifact()));

      // Then: it gave up exactly at the timeout, never sooner, after polls spaced by the backoff
      assertThat(e).hasMessageContaining("did not finish within PT1M");
      assertThat(time.slept()).isEqualTo(Duration.ofSeconds(60));
      List<Duration> waits = time.waits();
      for (int i = 0; i < waits.size() - 1; i++) {
        Duration delay = Duration.ofSeconds(Math.min(8, 1L << i));
        assertThat(waits.get(i)).as("wait %d: full jitter over the doubled delay %s", i + 1, delay)
            .isBetween(delay.dividedBy(2), delay);
      }
      assertThat(waits.get(waits.size() - 1)).as("the last wait ends at the deadline").isLessThanOrEqualTo(Duration.ofSeconds(8));
      int polls = wm.getWireMock().find(getScanRequested()).size();
      assertThat(polls).as("one poll before each wait and one after the last").isEqualTo(waits.size() + 1);
      wm.getWireMock().verifyThat(0, getFindingsRequested());
    }

    @Test
    void shouldFailWhenTheScanIsInAStateItDoesNotKnow(WireMockRuntimeInfo wm) {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", "Low")));
      wm.getWireMock().register(getScan().willReturn(scanState("Cancelled")));

      // When
      PortException e = catchScanFailure(wm, request("fast-json-helper"));

      // Then
      assertThat(e).hasMessageContaining("Cancelled");
      wm.getWireMock().verifyThat(0, getFindingsRequested());
    }
  }

  @Nested
  @DisplayName("throttling and server errors")
  class Errors {

    @ParameterizedTest(name = "{0} answering HTTP {1} once")
    @MethodSource("dev.airlock.adapter.aws.codeguru.CodeGuruSecurityScannerTest#callsAndErrors")
    void shouldRetryAndFinishTheScanWhenACallFailsOnce(Call call, int status, WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", "High")));
      wm.getWireMock().register(call.stub().inScenario("flaky").whenScenarioStateIs(STARTED)
          .willReturn(error(status)).willSetStateTo("recovered"));
      wm.getWireMock().register(call.stub().inScenario("flaky").whenScenarioStateIs("recovered")
          .willReturn(call.success(wm)));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().extracting(Finding::severity).isEqualTo(Severity.HIGH);
      wm.getWireMock().verifyThat(2, call.requested());
    }

    @ParameterizedTest(name = "{0} answering HTTP {1} every time")
    @MethodSource("dev.airlock.adapter.aws.codeguru.CodeGuruSecurityScannerTest#callsAndErrors")
    void shouldGiveUpCleanlyAfterTheRetriesWhenACallKeepsFailing(Call call, int status, WireMockRuntimeInfo wm) {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", "High")));
      wm.getWireMock().register(call.stub().willReturn(error(status)));

      // When
      PortException e = catchScanFailure(wm, request("fast-json-helper"));

      // Then
      assertThat(e).hasMessageContaining("CodeGuru Security").hasMessageContaining("airlock-fast-json-helper-")
          .hasMessageContaining(String.valueOf(status));
      wm.getWireMock().verifyThat(MAX_ATTEMPTS, call.requested());
      for (Call later : Call.values()) {
        if (later.ordinal() > call.ordinal()) {
          wm.getWireMock().verifyThat(0, later.requested());
        }
      }
      if (call == Call.CREATE_UPLOAD_URL) {
        wm.getWireMock().verifyThat(0, uploadRequested());
      }
    }

    @Test
    void shouldRetryTheUploadWhenS3AnswersSlowDownOnce(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", "High")));
      wm.getWireMock().register(upload().inScenario("s3").whenScenarioStateIs(STARTED)
          .willReturn(s3SlowDown()).willSetStateTo("recovered"));
      wm.getWireMock().register(upload().inScenario("s3").whenScenarioStateIs("recovered")
          .willReturn(aResponse().withStatus(200)));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).singleElement().extracting(Finding::severity).isEqualTo(Severity.HIGH);
      wm.getWireMock().verifyThat(2, uploadRequested().withRequestBody(binaryEqualTo(ARCHIVE)));
    }

    @Test
    void shouldGiveUpWithoutCreatingAScanWhenS3KeepsAnsweringSlowDown(WireMockRuntimeInfo wm) {
      // Given
      stubCompletedScan(wm, findings(finding("rule-1", "High")));
      wm.getWireMock().register(upload().willReturn(s3SlowDown()));

      // When
      PortException e = catchScanFailure(wm, request("fast-json-helper"));

      // Then
      assertThat(e).hasMessageContaining("upload").hasMessageContaining("503");
      assertThat(e.getMessage()).doesNotContain(SESSION_TOKEN);
      wm.getWireMock().verifyThat(0, createScanRequested());
    }

    @Test
    void shouldRetryAThrottledPageWhenReadingFindings(WireMockRuntimeInfo wm) throws Exception {
      // Given
      stubCompletedScan(wm, "{\"findings\":[]}");
      wm.getWireMock().register(getFindings().withQueryParam("nextToken", absent())
          .willReturn(okJson(fixture(getClass(), "findings-page-1.json"))));
      wm.getWireMock().register(getFindings().withQueryParam("nextToken", equalTo("page-2"))
          .inScenario("page 2").whenScenarioStateIs(STARTED)
          .willReturn(error(429)).willSetStateTo("calm"));
      wm.getWireMock().register(getFindings().withQueryParam("nextToken", equalTo("page-2"))
          .inScenario("page 2").whenScenarioStateIs("calm")
          .willReturn(okJson(fixture(getClass(), "findings-page-3.json"))));

      // When
      List<Finding> findings = scanner(wm).scan(request("fast-json-helper"), artifact());

      // Then
      assertThat(findings).extracting(Finding::severity).containsExactly(Severity.LOW, Severity.INFO, Severity.HIGH);
      wm.getWireMock().verifyThat(2, getFindingsRequested().withQueryParam("nextToken", equalTo("page-2")));
    }
  }

  /** The four CodeGuru Security calls of one scan, in the order the scanner makes them. */
  enum Call {
    CREATE_UPLOAD_URL,
    CREATE_SCAN,
    GET_SCAN,
    GET_FINDINGS;

    MappingBuilder stub() {
      return switch (this) {
        case CREATE_UPLOAD_URL -> createUploadUrl();
        case CREATE_SCAN -> createScan();
        case GET_SCAN -> getScan();
        case GET_FINDINGS -> getFindings();
      };
    }

    RequestPatternBuilder requested() {
      return switch (this) {
        case CREATE_UPLOAD_URL -> createUploadUrlRequested();
        case CREATE_SCAN -> createScanRequested();
        case GET_SCAN -> getScanRequested();
        case GET_FINDINGS -> getFindingsRequested();
      };
    }

    ResponseDefinitionBuilder success(WireMockRuntimeInfo wm) {
      return switch (this) {
        case CREATE_UPLOAD_URL -> uploadUrlResponse(wm);
        case CREATE_SCAN -> createScanResponse();
        case GET_SCAN -> scanState("Successful");
        case GET_FINDINGS -> okJson(findings(finding("rule-1", "High")));
      };
    }
  }

  static Stream<Arguments> callsAndErrors() {
    return Stream.of(Call.values()).flatMap(call ->
        Stream.of(429, 500, 503).map(status -> Arguments.of(call, status)));
  }

  private CodeGuruSecurityScanner scanner(WireMockRuntimeInfo wm) {
    return new CodeGuruSecurityScanner(WireMockAws.codeGuru(wm, MAX_ATTEMPTS), UPLOADER, AnalysisType.SECURITY,
        FAST_POLL);
  }

  private InMemoryFetchedArtifact artifact() {
    return new InMemoryFetchedArtifact("fast-json-helper-0.3.1.zip", ARCHIVE);
  }

  private PortException catchScanFailure(WireMockRuntimeInfo wm, PackageRequest request) {
    var scanner = scanner(wm);
    var artifact = artifact();
    PortException e = catchThrowableOfType(PortException.class, () -> scanner.scan(request, artifact));
    assertThat(e).as("the scan fails with a PortException").isNotNull();
    return e;
  }

  /** Every call answers as for a quick, successful scan whose findings are {@code findingsBody}. */
  private static void stubCompletedScan(WireMockRuntimeInfo wm, String findingsBody) {
    wm.getWireMock().register(createUploadUrl().willReturn(uploadUrlResponse(wm)));
    wm.getWireMock().register(upload().willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e-1\"")));
    wm.getWireMock().register(createScan().willReturn(createScanResponse()));
    wm.getWireMock().register(getScan().willReturn(scanState("Successful")));
    wm.getWireMock().register(getFindings().willReturn(okJson(findingsBody)));
  }

  private static ResponseDefinitionBuilder uploadUrlResponse(WireMockRuntimeInfo wm) {
    try {
      return okJson(JSON.writeValueAsString(Map.of(
          "s3Url", wm.getHttpBaseUrl() + UPLOAD_PATH + "?X-Amz-Security-Token=" + SESSION_TOKEN
              + "&X-Amz-Signature=abcdef0123456789",
          "requestHeaders", UPLOAD_HEADERS,
          "codeArtifactId", ARTIFACT_ID)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ResponseDefinitionBuilder createScanResponse() {
    return okJson("{\"scanName\":\"s\",\"runId\":\"" + RUN_ID + "\",\"scanState\":\"InProgress\","
        + "\"resourceId\":{\"codeArtifactId\":\"" + ARTIFACT_ID + "\"}}");
  }

  private static ResponseDefinitionBuilder scanState(String state) {
    return okJson("{\"scanName\":\"s\",\"runId\":\"" + RUN_ID + "\",\"scanState\":\"" + state
        + "\",\"createdAt\":1700000000,\"analysisType\":\"Security\"}");
  }

  private static ResponseDefinitionBuilder error(int status) {
    return status == 429
        ? restJsonError(429, "ThrottlingException", "Rate exceeded")
        : restJsonError(status, "InternalServerException", "Internal failure");
  }

  private static ResponseDefinitionBuilder s3SlowDown() {
    return aResponse().withStatus(503).withHeader("Content-Type", "application/xml")
        .withBody("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
  }

  private static String finding(String ruleId, String severity) {
    return "{\"id\":\"" + ruleId + "-1\",\"ruleId\":\"" + ruleId + "\",\"title\":\"title of " + ruleId
        + "\",\"severity\":\"" + severity + "\",\"status\":\"Open\",\"description\":\"d\","
        + "\"vulnerability\":{\"filePath\":{\"path\":\"pkg/setup.py\",\"startLine\":4}}}";
  }

  private static String findings(String... findings) {
    return "{\"findings\":[" + String.join(",", findings) + "]}";
  }

  private static String scanNameUsed(WireMockRuntimeInfo wm) throws Exception {
    List<LoggedRequest> created = wm.getWireMock().find(createUploadUrlRequested());
    assertThat(created).hasSize(1);
    return JSON.readTree(created.get(0).getBodyAsString()).path("scanName").asText();
  }

  private static MappingBuilder createUploadUrl() {
    return post(urlPathEqualTo("/uploadUrl"));
  }

  private static RequestPatternBuilder createUploadUrlRequested() {
    return postRequestedFor(urlPathEqualTo("/uploadUrl"));
  }

  private static MappingBuilder upload() {
    return put(urlPathEqualTo(UPLOAD_PATH));
  }

  private static RequestPatternBuilder uploadRequested() {
    return putRequestedFor(urlPathEqualTo(UPLOAD_PATH));
  }

  private static MappingBuilder createScan() {
    return post(urlPathEqualTo("/scans"));
  }

  private static RequestPatternBuilder createScanRequested() {
    return postRequestedFor(urlPathEqualTo("/scans"));
  }

  private static MappingBuilder getScan() {
    return get(urlPathMatching("/scans/[^/]+")).withQueryParam("runId", equalTo(RUN_ID));
  }

  private static RequestPatternBuilder getScanRequested() {
    return getRequestedFor(urlPathMatching("/scans/[^/]+"));
  }

  private static MappingBuilder getFindings() {
    return get(urlPathMatching("/findings/[^/]+")).withQueryParam("status", equalTo("Open"));
  }

  private static RequestPatternBuilder getFindingsRequested() {
    return getRequestedFor(urlPathMatching("/findings/[^/]+"));
  }
}

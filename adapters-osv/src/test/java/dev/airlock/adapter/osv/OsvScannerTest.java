package dev.airlock.adapter.osv;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.PackageVersions;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Drives {@link OsvScanner} against WireMock playing the OSV API ({@code /v1/querybatch}, {@code /v1/vulns/{id}}). */
@WireMockTest
class OsvScannerTest {
  private static final PackageRequest REQUESTS = PackageRequest.builder().name("Requests")
      .url(URI.create("https://files.pythonhosted.org/packages/source/r/requests/requests-2.30.0.tar.gz")).build();
  private static final InMemoryFetchedArtifact ARCHIVE =
      new InMemoryFetchedArtifact("requests-2.30.0.tar.gz", new byte[] {1, 2, 3});

  /** Identifies a request by its name and its file name's version; a GitHub archive is not identified. */
  static final PackageIdentifier BY_REQUEST = (request, artifact) -> request.url().getHost().contains("github")
      ? java.util.Optional.empty()
      : java.util.Optional.of(new PackageCoordinates(Ecosystem.PYPI, PackageNames.normalise(request.name()),
          PackageVersions.fromUrl(request.url()).orElseThrow()));

  static OsvScanner scanner(WireMockRuntimeInfo wm) {
    return new OsvScanner(OsvSettings.defaults(URI.create(wm.getHttpBaseUrl()))
        .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(20)), BY_REQUEST);
  }

  static MappingBuilder queryBatch() {
    return post(urlPathEqualTo("/v1/querybatch"));
  }

  static RequestPatternBuilder queryBatchRequested() {
    return postRequestedFor(urlPathEqualTo("/v1/querybatch"));
  }

  static MappingBuilder vuln(String id) {
    return get(urlPathEqualTo("/v1/vulns/" + id));
  }

  static RequestPatternBuilder vulnRequested(String id) {
    return getRequestedFor(urlPathEqualTo("/v1/vulns/" + id));
  }

  static String fixture(String id) throws IOException {
    try (InputStream in = Objects.requireNonNull(OsvScannerTest.class.getResourceAsStream(id + ".json"), id)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String ids(String... ids) {
    StringBuilder s = new StringBuilder("{\"results\":[{\"vulns\":[");
    for (int i = 0; i < ids.length; i++) {
      s.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"modified\":\"2024-01-01T00:00:00Z\"}");
    }
    return s.append("]}]}").toString();
  }

  @Nested
  @DisplayName("when OSV lists advisories")
  class Hits {
    @Test
    void shouldReportEachAdvisoryAtItsSeverityWhenOsvListsThem(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids("GHSA-j8r2-6x86-q33q", "GHSA-crit-0000-0000"))));
      wm.getWireMock().register(vuln("GHSA-j8r2-6x86-q33q").willReturn(okJson(fixture("GHSA-j8r2-6x86-q33q"))));
      wm.getWireMock().register(vuln("GHSA-crit-0000-0000").willReturn(okJson(fixture("GHSA-crit-0000-0000"))));

      // When
      List<Finding> findings = scanner(wm).scan(REQUESTS, ARCHIVE);

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::scanner).containsExactly(
          org.assertj.core.groups.Tuple.tuple("GHSA-j8r2-6x86-q33q", Severity.MEDIUM, "osv"),
          org.assertj.core.groups.Tuple.tuple("GHSA-crit-0000-0000", Severity.CRITICAL, "osv"));
      Finding leak = findings.get(0);
      assertThat(leak.title()).isEqualTo("Unintended leak of Proxy-Authorization header in requests");
      assertThat(leak.description()).contains("CVE-2023-32681").contains("PyPI:requests@2.30.0");
      assertThat(leak.recommendation()).isEqualTo("Request a fixed version instead: 2.31.0.");
      wm.getWireMock().verifyThat(1, queryBatchRequested().withRequestBody(equalToJson(
          "{\"queries\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"requests\"},\"version\":\"2.30.0\"}]}")));
    }

    @Test
    void shouldReportAMaliciousPackageAsCriticalWhenOsvHasAMalRecord(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PackageRequest requestz = PackageRequest.builder().name("requestz")
          .url(URI.create("https://files.pythonhosted.org/packages/x/requestz-2.31.0.tar.gz")).build();
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids("MAL-2024-1234"))));
      wm.getWireMock().register(vuln("MAL-2024-1234").willReturn(okJson(fixture("MAL-2024-1234"))));

      // When
      List<Finding> findings = scanner(wm).scan(requestz, ARCHIVE);

      // Then
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.ruleId()).isEqualTo("MAL-2024-1234");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.description()).contains("as malicious").contains("malicious-package report");
        assertThat(f.recommendation()).startsWith("Do not install it.");
      });
    }

    @Test
    void shouldRateAnUnratedAdvisoryMediumAndListEveryFixWhenTheRecordGivesNoSeverity(WireMockRuntimeInfo wm)
        throws Exception {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids("PYSEC-2099-1"))));
      wm.getWireMock().register(vuln("PYSEC-2099-1").willReturn(okJson(fixture("PYSEC-2099-1"))));

      // When
      List<Finding> findings = scanner(wm).scan(REQUESTS, ARCHIVE);

      // Then
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.title()).isEqualTo("A crafted archive makes the package read files outside its folder.");
        assertThat(f.description()).contains("no rating in the OSV record");
        assertThat(f.recommendation()).isEqualTo("Request a fixed version instead: 2.32.0, 3.0.0.");
      });
    }

    @Test
    void shouldReadEachAdvisoryOnceWhenSeveralArchivesShareIt(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids("GHSA-crit-0000-0000"))));
      wm.getWireMock().register(vuln("GHSA-crit-0000-0000").willReturn(okJson(fixture("GHSA-crit-0000-0000"))));
      OsvScanner scanner = scanner(wm);

      // When
      scanner.scan(REQUESTS, ARCHIVE);
      List<Finding> second = scanner.scan(REQUESTS, ARCHIVE);

      // Then
      assertThat(second).extracting(Finding::ruleId).containsExactly("GHSA-crit-0000-0000");
      wm.getWireMock().verifyThat(2, queryBatchRequested());
      wm.getWireMock().verifyThat(1, vulnRequested("GHSA-crit-0000-0000"));
    }

    @Test
    void shouldFollowEveryPageWhenOsvHandsOutAPageToken(WireMockRuntimeInfo wm) throws Exception {
      // Given: the critical advisory is only on the second page.
      wm.getWireMock().register(queryBatch().atPriority(1)
          .withRequestBody(matchingJsonPath("$.queries[0].page_token", equalTo("page-2")))
          .willReturn(okJson(ids("GHSA-crit-0000-0000"))));
      wm.getWireMock().register(queryBatch().atPriority(5).willReturn(okJson(
          "{\"results\":[{\"vulns\":[{\"id\":\"PYSEC-2099-1\"}],\"next_page_token\":\"page-2\"}]}")));
      wm.getWireMock().register(vuln("PYSEC-2099-1").willReturn(okJson(fixture("PYSEC-2099-1"))));
      wm.getWireMock().register(vuln("GHSA-crit-0000-0000").willReturn(okJson(fixture("GHSA-crit-0000-0000"))));

      // When
      List<Finding> findings = scanner(wm).scan(REQUESTS, ARCHIVE);

      // Then
      assertThat(findings).extracting(Finding::ruleId).containsExactly("PYSEC-2099-1", "GHSA-crit-0000-0000");
      wm.getWireMock().verifyThat(2, queryBatchRequested());
      wm.getWireMock().verifyThat(1, queryBatchRequested()
          .withRequestBody(matchingJsonPath("$.queries[0].page_token", equalTo("page-2")))
          .withRequestBody(matchingJsonPath("$.queries[0].version", equalTo("2.30.0"))));
    }
  }

  @Nested
  @DisplayName("when OSV lists nothing")
  class NoHits {
    @Test
    void shouldReportNothingWhenOsvKnowsNoAdvisory(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson("{\"results\":[{}]}")));

      // When
      List<Finding> findings = scanner(wm).scan(REQUESTS, ARCHIVE);

      // Then
      assertThat(findings).isEmpty();
      wm.getWireMock().verifyThat(0, getRequestedFor(urlPathMatching("/v1/vulns/.*")));
    }

    @Test
    void shouldAskNothingAndSaySoWhenTheArchiveIsNotIdentified(WireMockRuntimeInfo wm) throws Exception {
      // Given
      PackageRequest github = PackageRequest.builder().name("tool")
          .url(URI.create("https://codeload.github.com/acme/tool/tar.gz/v1.2.0.tar.gz")).build();

      // When
      List<Finding> findings = scanner(wm).scan(github, ARCHIVE);

      // Then
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.ruleId()).isEqualTo(OsvScanner.NOT_IDENTIFIED);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
      });
      assertThat(wm.getWireMock().getServeEvents()).isEmpty();
    }
  }

  @Nested
  @DisplayName("when OSV fails")
  class Failures {
    @Test
    void shouldFailAfterBoundedRetriesWhenOsvKeepsRateLimiting(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then: three attempts, each wait capped far below the hour asked for.
      assertThat(e).hasMessageContaining("HTTP 429 (rate limited)").hasMessageContaining("after 3 attempt(s)");
      wm.getWireMock().verifyThat(3, queryBatchRequested());
    }

    @Test
    void shouldFailWhenOsvAnswersServerErrors(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(aResponse().withStatus(500)));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("HTTP 500 (OSV unavailable) to querybatch for PyPI:requests@2.30.0");
      wm.getWireMock().verifyThat(3, queryBatchRequested());
    }

    @Test
    void shouldSucceedWhenOsvRecoversWithinTheRetries(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(queryBatch().inScenario("flaky").whenScenarioStateIs(STARTED)
          .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
      wm.getWireMock().register(queryBatch().inScenario("flaky").whenScenarioStateIs("up")
          .willReturn(okJson(ids("GHSA-crit-0000-0000"))));
      wm.getWireMock().register(vuln("GHSA-crit-0000-0000").willReturn(okJson(fixture("GHSA-crit-0000-0000"))));

      // When
      List<Finding> findings = scanner(wm).scan(REQUESTS, ARCHIVE);

      // Then
      assertThat(findings).extracting(Finding::ruleId).containsExactly("GHSA-crit-0000-0000");
      wm.getWireMock().verifyThat(2, queryBatchRequested());
    }

    @Test
    void shouldFailWhenAnAdvisoryRecordCannotBeRead(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids("GHSA-crit-0000-0000"))));
      wm.getWireMock().register(vuln("GHSA-crit-0000-0000").willReturn(aResponse().withStatus(502)));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("HTTP 502 (OSV unavailable) to vulns/GHSA-crit-0000-0000");
    }

    @Test
    void shouldFailWhenOsvAnswersMalformedJson(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson("{\"results\":[{\"vulns\":[{\"id\":")));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("OSV API answered querybatch for PyPI:requests@2.30.0 with malformed JSON");
    }

    @Test
    void shouldFailWhenTheAnswerHasNoResultForTheQuery(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson("{\"results\":[]}")));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("with no result for the query");
    }

    @Test
    void shouldFailWhenARecordIsNotTheAdvisoryAskedFor(WireMockRuntimeInfo wm) throws Exception {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids("GHSA-crit-0000-0000"))));
      wm.getWireMock().register(vuln("GHSA-crit-0000-0000").willReturn(okJson(fixture("PYSEC-2099-1"))));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("with a record that is not advisory GHSA-crit-0000-0000");
    }

    @Test
    void shouldFailWhenOsvDoesNotAnswerInTime(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids()).withFixedDelay(2_000)));
      OsvScanner impatient = new OsvScanner(OsvSettings.defaults(URI.create(wm.getHttpBaseUrl()))
          .withResponseTimeout(Duration.ofMillis(200)).withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5)),
          BY_REQUEST);

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> impatient.scan(REQUESTS, ARCHIVE));

      // Then: a timeout is not retried.
      assertThat(e).hasMessageContaining("did not answer querybatch for PyPI:requests@2.30.0");
      wm.getWireMock().verifyThat(1, queryBatchRequested());
    }

    @Test
    void shouldFailWhenTheConnectionDrops(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("OSV API call querybatch for PyPI:requests@2.30.0 failed");
      wm.getWireMock().verifyThat(3, queryBatchRequested());
    }

    @Test
    void shouldRefuseToFollowPagesForeverWhenOsvNeverStops(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(
          "{\"results\":[{\"vulns\":[],\"next_page_token\":\"again\"}]}")));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("kept handing out pages");
      wm.getWireMock().verifyThat(OsvClient.MAX_PAGES, queryBatchRequested());
    }

    @Test
    void shouldRefuseAnAdvisoryIdThatCouldReachAnotherPath(WireMockRuntimeInfo wm) {
      // Given
      wm.getWireMock().register(queryBatch().willReturn(okJson(ids("../../admin"))));

      // When
      PortException e = catchThrowableOfType(PortException.class, () -> scanner(wm).scan(REQUESTS, ARCHIVE));

      // Then
      assertThat(e).hasMessageContaining("advisory id that is not one");
      wm.getWireMock().verifyThat(0, getRequestedFor(urlPathMatching("/.*admin.*")));
    }
  }
}

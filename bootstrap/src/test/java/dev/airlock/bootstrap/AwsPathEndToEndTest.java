package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.airlock.bootstrap.AirlockProcess.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the real {@code airlock} process with {@code --scanners codeguru --repository codeartifact
 * --notifiers sns} and a GitHub token from Secrets Manager, the real AWS SDK pointed at WireMock
 * through the standard {@code AWS_ENDPOINT_URL} environment variable; the approved sdist is uploaded
 * to the repository's pypi endpoint as twine does, with a CodeArtifact token that is never printed.
 */
@WireMockTest
@ExtendWith(DemoWorkspace.class)
class AwsPathEndToEndTest {
  private static final String TOKEN = "ghp_Airlock0Test0Token0Never0Printed0123";
  private static final String AWS_SECRET_KEY = "airlock-test-secret";
  private static final String CODEARTIFACT_TOKEN = "AIRLOCK-CA-TOKEN-e2e-never-printed";
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:airlock-verdicts";
  private static final ObjectMapper JSON = new ObjectMapper();

  @DemoWorkspace.Folder
  Path work;

  @DemoWorkspace.RequestFile
  private Path requestFile;
  @DemoWorkspace.DataDir
  private Path dataDir;

  @Test
  void shouldScanPublishAndNotifyThroughAwsWithoutEverPrintingTheToken(WireMockRuntimeInfo wm) throws Exception {
    // Given
    String base = wm.getHttpBaseUrl();
    wm.getWireMock().register(secretValue().willReturn(okJson(
        "{\"Name\":\"airlock/github-token\",\"SecretString\":\"{\\\"token\\\":\\\"" + TOKEN + "\\\"}\"}")));
    wm.getWireMock().register(createUploadUrl().willReturn(okJson("{\"s3Url\":\"" + base + "/upload/art-1\","
        + "\"requestHeaders\":{\"x-amz-server-side-encryption\":\"aws:kms\"},\"codeArtifactId\":\"art-1\"}")));
    wm.getWireMock().register(put(urlPathEqualTo("/upload/art-1")).willReturn(aResponse().withStatus(200)));
    wm.getWireMock().register(createScan().willReturn(okJson(
        "{\"scanName\":\"s\",\"runId\":\"run-1\",\"scanState\":\"InProgress\",\"resourceId\":{\"codeArtifactId\":\"art-1\"}}")));
    wm.getWireMock().register(getScan().willReturn(okJson(
        "{\"scanName\":\"s\",\"runId\":\"run-1\",\"scanState\":\"Successful\",\"createdAt\":1700000000}")));
    wm.getWireMock().register(getFindings("airlock-tidy-stats-.*").willReturn(okJson("{\"findings\":[]}")));
    // The malicious package's only blocking finding is on the second page.
    wm.getWireMock().register(getFindings("airlock-fast-json-helper-.*")
        .withQueryParam("nextToken", equalTo("page-2"))
        .willReturn(okJson("{\"findings\":[" + finding("python/os-command-injection@v1.0", "High", "setup.py", 11) + "]}")));
    wm.getWireMock().register(getFindings("airlock-fast-json-helper-.*").atPriority(10)
        .willReturn(okJson("{\"findings\":[" + finding("python/log-injection@v1.0", "Low", "fast_json_helper/__init__.py", 3)
            + "],\"nextToken\":\"page-2\"}")));
    wm.getWireMock().register(post(urlPathEqualTo("/v1/package/version/assets")).willReturn(notFound()));
    wm.getWireMock().register(post(urlPathEqualTo("/v1/authorization-token")).willReturn(okJson(
        "{\"authorizationToken\":\"" + CODEARTIFACT_TOKEN + "\",\"expiration\":1900000000}")));
    wm.getWireMock().register(get(urlPathEqualTo("/v1/repository/endpoint")).withQueryParam("format", equalTo("pypi"))
        .willReturn(okJson("{\"repositoryEndpoint\":\"" + base + "/pypi/approved/\"}")));
    wm.getWireMock().register(pypiUpload().willReturn(aResponse().withStatus(200)));
    wm.getWireMock().register(snsPublish().willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
        .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
            + "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId>"
            + "</ResponseMetadata></PublishResponse>")));

    // When
    Run run = airlock(base, "run", requestFile.toString(), "--allow-file-urls", "--data-dir", dataDir.toString(),
        "--format", "json", "--scanners", "codeguru", "--repository", "codeartifact", "--notifiers", "sns",
        "--scan-timeout", "PT20S");

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = JSON.readTree(run.out());
    JsonNode approved = doc.path("requests").get(0);
    assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
    assertThat(approved.path("publication").path("repository").asText()).isEqualTo("codeartifact");
    assertThat(approved.path("publication").path("install").asText()).isEqualTo(
        "aws codeartifact login --tool pip --domain data-science --domain-owner 123456789012 --repository approved\n"
            + "pip install tidy-stats==1.0.0");
    JsonNode refused = doc.path("requests").get(1);
    assertThat(refused.path("status").asText()).isEqualTo("REFUSED");
    assertThat(refused.path("blockingFindings")).singleElement().satisfies(f -> {
      assertThat(f.path("rule").asText()).isEqualTo("python/os-command-injection@v1.0");
      assertThat(f.path("severity").asText()).isEqualTo("HIGH");
      assertThat(f.path("file").asText()).isEqualTo("setup.py");
    });

    // The approved sdist went to the pypi format as twine uploads it; nothing went to the generic format.
    Path sdist = work.resolve("packages/tidy-stats-1.0.0.tar.gz");
    List<LoggedRequest> uploads = wm.getWireMock().find(postRequestedFor(urlPathEqualTo("/pypi/approved/")));
    assertThat(uploads).singleElement().satisfies(upload -> {
      assertThat(upload.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
          .encodeToString(("aws:" + CODEARTIFACT_TOKEN).getBytes(StandardCharsets.UTF_8)));
      assertThat(upload.getPart("name").getBody().asString()).isEqualTo("tidy-stats");
      assertThat(upload.getPart("version").getBody().asString()).isEqualTo("1.0.0");
      assertThat(upload.getPart("filetype").getBody().asString()).isEqualTo("sdist");
      assertThat(upload.getPart("sha256_digest").getBody().asString()).isEqualTo(sha256(sdist));
      assertThat(upload.getPart("content").getBody().asBytes()).isEqualTo(Files.readAllBytes(sdist));
    });
    wm.getWireMock().verifyThat(0, publishPackageVersionRequested());
    wm.getWireMock().verifyThat(2, putRequestedFor(urlPathEqualTo("/upload/art-1"))
        .withHeader("x-amz-server-side-encryption", equalTo("aws:kms")));
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathMatching("/findings/airlock-fast-json-helper-.*"))
        .withQueryParam("nextToken", equalTo("page-2")));
    wm.getWireMock().verifyThat(1, snsPublishRequested()
        .withRequestBody(containing("MessageAttributes.entry.1.Name"))
        .withRequestBody(containing("Subject=Airlock%3A+tidy-stats+1.0.0+approved")));
    wm.getWireMock().verifyThat(1, snsPublishRequested()
        .withRequestBody(containing("Subject=Airlock%3A+fast-json-helper+refused")));

    // The grep below covers the reports too: they are written under the data dir.
    try (Stream<Path> reports = Files.list(dataDir.resolve("reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "airlock-report.json", "airlock-junit.xml", "airlock-findings.sarif", "airlock-summary.md");
    }
    List<String> logLines = run.err().lines().filter(line -> line.startsWith("{")).toList();
    assertThat(logLines).as("JSON logs were on").isNotEmpty();
    for (String line : logLines) {
      assertThat(JSON.readTree(line).path("level").asText()).as(line).isNotEmpty();
    }
    List<String> everything = new ArrayList<>(List.of(run.out(), run.err()));
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        everything.add(Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    wm.getWireMock().find(RequestPatternBuilder.allRequests()).forEach(r -> everything.add(r.getBodyAsString()));
    assertThat(everything).noneMatch(text -> text.contains(TOKEN));
    assertThat(everything).as("the CodeArtifact token").noneMatch(text -> text.contains(CODEARTIFACT_TOKEN));
    assertThat(everything).as("the AWS secret key").noneMatch(text -> text.contains(AWS_SECRET_KEY));
    assertThat(run.err()).as("debug logs were on, so the grep covered them").contains("\"level\":\"DEBUG\"");
  }

  @Test
  void shouldPublishTheApprovedSdistAsAGenericAssetWhenTheFormatIsGeneric(WireMockRuntimeInfo wm) throws Exception {
    // Given: the guidance's own path, kept as a setting
    wm.getWireMock().register(post(urlPathEqualTo("/v1/package/version/assets")).willReturn(notFound()));
    wm.getWireMock().register(post(urlPathEqualTo("/v1/package/version/publish")).willReturn(okJson(
        "{\"format\":\"generic\",\"namespace\":\"airlock\",\"package\":\"tidy-stats\",\"version\":\"1.0.0\","
            + "\"versionRevision\":\"r1\",\"status\":\"Published\"}")));
    Map<String, String> env = AirlockProcess.awsStub(wm.getHttpBaseUrl(), AWS_SECRET_KEY);
    env.put("AIRLOCK_CODEARTIFACT_DOMAIN", "data-science");
    env.put("AIRLOCK_CODEARTIFACT_REPOSITORY", "approved");
    env.put("AIRLOCK_CODEARTIFACT_FORMAT", "generic");

    // When
    Run run = AirlockProcess.run(work, env, List.of("run", requestFile.toString(), "--allow-file-urls",
        "--data-dir", dataDir.toString(), "--repository", "codeartifact", "--format", "json"));

    // Then
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).path("requests").get(0).path("publication").path("install").asText())
        .startsWith("aws codeartifact get-package-version-asset --domain data-science --repository approved"
            + " --format generic --namespace airlock --package tidy-stats --package-version 1.0.0");
    wm.getWireMock().verifyThat(1, publishPackageVersionRequested().withQueryParam("format", equalTo("generic"))
        .withQueryParam("namespace", equalTo("airlock")).withQueryParam("asset", equalTo("tidy-stats-1.0.0.tar.gz"))
        .withHeader("x-amz-content-sha256", equalTo(sha256(work.resolve("packages/tidy-stats-1.0.0.tar.gz")))));
    wm.getWireMock().verifyThat(0, postRequestedFor(urlPathEqualTo("/v1/authorization-token")));
  }

  @Test
  void shouldStopBeforeAnyWorkWhenTheTokenSecretCannotBeRead(WireMockRuntimeInfo wm) throws Exception {
    // Given
    wm.getWireMock().register(secretValue().willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody("{\"__type\":\"AccessDeniedException\",\"Message\":\"not allowed to read airlock/github-token\"}")));

    // When
    Run run = airlock(wm.getHttpBaseUrl(), "run", requestFile.toString(), "--allow-file-urls",
        "--data-dir", dataDir.toString());

    // Then
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("GitHub token: secret airlock/github-token cannot be read");
    assertThat(dataDir).doesNotExist();
  }

  private static MappingBuilder secretValue() {
    return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"));
  }

  private static MappingBuilder createUploadUrl() {
    return post(urlPathEqualTo("/uploadUrl"));
  }

  private static MappingBuilder createScan() {
    return post(urlPathEqualTo("/scans"));
  }

  private static MappingBuilder getScan() {
    return get(urlPathMatching("/scans/airlock-.*")).withQueryParam("runId", equalTo("run-1"));
  }

  private static MappingBuilder getFindings(String scanNamePattern) {
    return get(urlPathMatching("/findings/" + scanNamePattern)).withQueryParam("status", equalTo("Open"));
  }

  private static MappingBuilder pypiUpload() {
    return post(urlPathEqualTo("/pypi/approved/"));
  }

  private static RequestPatternBuilder publishPackageVersionRequested() {
    return postRequestedFor(urlPathEqualTo("/v1/package/version/publish"));
  }

  private static MappingBuilder snsPublish() {
    return post(urlPathEqualTo("/")).withRequestBody(containing("Action=Publish"));
  }

  private static RequestPatternBuilder snsPublishRequested() {
    return postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=Publish"))
        .withRequestBody(containing("TopicArn=" + TOPIC.replace(":", "%3A")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder notFound() {
    return aResponse().withStatus(404).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
        .withBody("{\"message\":\"not found\",\"resourceType\":\"package\"}");
  }

  private static String finding(String ruleId, String severity, String path, int line) {
    return "{\"id\":\"" + ruleId + "-1\",\"ruleId\":\"" + ruleId + "\",\"detectorName\":\"detector\",\"title\":\"t "
        + ruleId + "\",\"severity\":\"" + severity + "\",\"status\":\"Open\",\"description\":\"d\","
        + "\"vulnerability\":{\"filePath\":{\"path\":\"" + path + "\",\"startLine\":" + line + "},"
        + "\"referenceUrls\":[\"https://cwe.mitre.org/data/definitions/78.html\"]},"
        + "\"remediation\":{\"recommendation\":{\"text\":\"fix it\",\"url\":\"https://docs.example/fix\"}}}";
  }

  private Run airlock(String endpoint, String... args) throws Exception {
    Map<String, String> env = AirlockProcess.awsStub(endpoint, AWS_SECRET_KEY);
    env.put("AWS_MAX_ATTEMPTS", "2");
    env.put("AIRLOCK_GITHUB_TOKEN_SECRET_ID", "airlock/github-token");
    env.put("AIRLOCK_CODEARTIFACT_DOMAIN", "data-science");
    env.put("AIRLOCK_CODEARTIFACT_DOMAIN_OWNER", "123456789012");
    env.put("AIRLOCK_CODEARTIFACT_REPOSITORY", "approved");
    env.put("AIRLOCK_SNS_TOPIC_ARN", TOPIC);
    env.put("AIRLOCK_LOG_LEVEL", "debug");
    env.put("AIRLOCK_LOG_FORMAT", "json");
    return AirlockProcess.run(work, env, List.of(args));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

}

package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.bootstrap.AirlockCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drives the real {@code airlock} command line in-process, on the demo packages in {@code examples/}. */
@ExtendWith(DemoWorkspace.class)
class MainTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @DemoWorkspace.Folder
  Path work;

  @DemoWorkspace.RequestFile
  private Path requestFile;
  @DemoWorkspace.DataDir
  private Path dataDir;
  private final Map<String, String> env = new HashMap<>();

  private Result airlock(String... args) {
    return AirlockCli.run(env, CLOCK, args);
  }

  private Result runExamples(String... extra) {
    List<String> args = new ArrayList<>(List.of("run", requestFile.toString(), "--allow-file-urls",
        "--data-dir", dataDir.toString()));
    args.addAll(List.of(extra));
    return airlock(args.toArray(String[]::new));
  }


  @Nested
  @DisplayName("airlock run on the examples")
  class RunExamples {

    @Test
    void shouldApproveCleanAndRefuseMaliciousPackageWhenRunOnTheExamples() throws Exception {
      // When
      Result result = runExamples();

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out())
          .containsPattern("tidy-stats\\s+APPROVED")
          .containsPattern("fast-json-helper\\s+REFUSED\\s+HIGH AIRLOCK-")
          .contains("1 approved, 1 refused, 0 error, 0 already decided");
      Path published = dataDir.resolve("repository/tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz");
      assertThat(published).exists();
      JsonNode publication = JSON.readTree(dataDir.resolve("repository/tidy-stats/1.0.0/publication.json").toFile());
      assertThat(publication.path("sha256").asText()).isEqualTo(sha256(published));
      assertThat(dataDir.resolve("repository/fast-json-helper")).doesNotExist();
    }

    @Test
    void shouldPublishNothingNewWhenRunTwice() throws Exception {
      // Given
      assertThat(runExamples().code()).isZero();
      Map<Path, Long> before = snapshot(dataDir);

      // When
      Result second = runExamples();

      // Then
      assertThat(second.code()).isZero();
      assertThat(second.out()).contains("0 approved, 0 refused, 0 error, 2 already decided")
          .containsPattern("tidy-stats\\s+APPROVED \\(earlier\\)");
      assertThat(snapshot(dataDir)).isEqualTo(before);
    }

    @Test
    void shouldNotDownloadARecentlyDecidedUrlEvenWhenItsContentChangedWithinRecheckAfter() throws Exception {
      // Given: decided, then the file behind tidy-stats' URL changes
      assertThat(runExamples().code()).isZero();
      Path archive = work.resolve("packages/tidy-stats-1.0.0.tar.gz");
      Files.copy(work.resolve("packages/fast-json-helper-0.3.1.tar.gz"), archive, StandardCopyOption.REPLACE_EXISTING);

      // When: run again within the default --recheck-after (PT24H)
      Result second = runExamples();

      // Then
      assertThat(second.code()).isZero();
      assertThat(second.out()).contains("0 approved, 0 refused, 0 error, 2 already decided");
    }

    @Test
    void shouldDownloadAndDecideTheNewContentWhenRecheckAfterIsZero() throws Exception {
      // Given
      assertThat(runExamples().code()).isZero();
      Path archive = work.resolve("packages/tidy-stats-1.0.0.tar.gz");
      Files.copy(work.resolve("packages/fast-json-helper-0.3.1.tar.gz"), archive, StandardCopyOption.REPLACE_EXISTING);

      // When
      Result second = runExamples("--recheck-after", "PT0S");

      // Then: tidy-stats downloaded, found changed and scanned; fast-json-helper downloaded and found unchanged
      assertThat(second.code()).isZero();
      assertThat(second.out()).containsPattern("tidy-stats\\s+REFUSED")
          .contains("0 approved, 1 refused, 0 error, 1 already decided");
    }

    @Test
    void shouldPrintOneJsonDocumentOnStdoutWhenFormatIsJson() throws Exception {
      // When
      Result result = runExamples("--format", "json");

      // Then
      assertThat(result.code()).isZero();
      JsonNode doc = JSON.readTree(result.out());
      assertThat(doc.path("summary").path("approved").asInt()).isEqualTo(1);
      assertThat(doc.path("summary").path("refused").asInt()).isEqualTo(1);
      JsonNode refused = doc.path("requests").get(1);
      assertThat(refused.path("package").asText()).isEqualTo("fast-json-helper");
      assertThat(refused.path("status").asText()).isEqualTo("REFUSED");
      assertThat(refused.path("blockingFindings").get(0).path("file").asText()).endsWith("setup.py");
      assertThat(refused.path("blockingFindings").get(0).path("line").asInt()).isPositive();
      assertThat(result.err()).contains("fast-json-helper is refused");
    }

    @Test
    void shouldReportErrorAndExitOneWhenFileUrlsAreNotAllowed() {
      // When
      Result result = airlock("run", requestFile.toString(), "--data-dir", dataDir.toString());

      // Then
      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out()).contains("0 approved, 0 refused, 2 error").contains("file: URLs are disabled");
      assertThat(dataDir.resolve("repository")).doesNotExist();
    }

    @Test
    void shouldDecideGoodRowsAndReportBadRowsWhenTheFileHasErrors() throws Exception {
      // Given
      Files.writeString(requestFile, """
          tidy-stats,file:packages/tidy-stats-1.0.0.tar.gz
          not a valid row
          ftp-package,ftp://example.org/x.tar.gz
          """);

      // When
      Result result = runExamples();

      // Then
      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out())
          .containsPattern("tidy-stats\\s+APPROVED")
          .containsPattern("line 2\\s+ERROR\\s+line 2: expected name,url")
          .containsPattern("line 3\\s+ERROR\\s+line 3: column 2 \\(url\\): scheme 'ftp'");
    }

    @Test
    void shouldReadOptionsFromTheEnvironmentWhenNotGiven() {
      // Given
      env.put("AIRLOCK_DATA_DIR", dataDir.toString());
      env.put("AIRLOCK_ALLOW_FILE_URLS", "true");
      env.put("AIRLOCK_FORMAT", "json");

      // When
      Result result = airlock("run", requestFile.toString());

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).startsWith("{");
      assertThat(dataDir.resolve("repository/tidy-stats/1.0.0")).isDirectory();
    }
  }

  @Nested
  @DisplayName("policy files")
  class Policies {

    @Test
    void shouldApproveWhenActiveWaiversCoverEveryBlockingFinding() throws Exception {
      // Given
      Path policy = work.resolve("policy.yaml");
      Files.writeString(policy, """
          threshold: MEDIUM
          waivers:
            - package: fast-json-helper
              rule: AIRLOCK-DOWNLOAD-EXEC
              justification: demo only
              expires: 2026-12-31
            - package: fast-json-helper
              rule: AIRLOCK-PY-INSTALL-HOOK
              justification: demo only
              expires: 2026-12-31
            - package: fast-json-helper
              rule: AIRLOCK-SETUP-ACTION
              justification: demo only
              expires: 2026-12-31
          """);

      // When
      Result result = runExamples("--policy", policy.toString());

      // Then
      assertThat(result.code()).isZero();
      assertThat(result.out()).containsPattern("fast-json-helper\\s+APPROVED");
    }

    @Test
    void shouldRefuseAndWarnWhenTheWaiverHasExpired() throws Exception {
      // Given
      Path policy = work.resolve("policy.yaml");
      Files.writeString(policy, """
          waivers:
            - package: fast-json-helper
              rule: AIRLOCK-DOWNLOAD-EXEC
              justification: demo only
              expires: 2026-11-21
          """);

      // When
      Result result = runExamples("--policy", policy.toString());

      // Then
      assertThat(result.code()).isZero();
      assertThat(result.out()).containsPattern("fast-json-helper\\s+REFUSED");
      assertThat(result.err()).contains("waiver fast-json-helper/AIRLOCK-DOWNLOAD-EXEC (until 2026-11-21) has expired");
    }

    @Test
    void shouldExitTwoNamingTheFileWhenThePolicyIsInvalid() throws Exception {
      // Given
      Path policy = work.resolve("policy.yaml");
      Files.writeString(policy, "threshold: SEVERE\n");

      // When
      Result result = runExamples("--policy", policy.toString());

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("policy file " + policy).contains("unknown severity 'SEVERE'");
    }
  }

  @Nested
  @DisplayName("airlock policy check")
  class PolicyCheck {

    @Test
    void shouldDescribeTheExamplePolicyWhenItIsValid() {
      // When
      Result result = airlock("policy", "check", EXAMPLES.resolve("airlock-policy.yaml").toString());

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).contains("is valid")
          .contains("threshold: MEDIUM; a finding at MEDIUM, HIGH, CRITICAL refuses the package")
          .contains("mode: enforce")
          .contains("minimum release age: 7 days; a younger release is DEFERRED until it is old enough")
          .contains("licenses: allowed MIT, MIT-0, Apache-2.0")
          .contains("yanked releases: refuse; deprecated releases: warn")
          .contains("waivers: 3 (3 active, 0 expired on 2026-11-22)")
          .containsPattern("active +tidy-stats / AIRLOCK-AWS-ACCESS-KEY until 2027-03-31");
    }

    @Test
    void shouldReportExpiredWaiversWhenTheirDateHasPassed() throws Exception {
      // Given
      Path policy = work.resolve("policy.yaml");
      Files.writeString(policy, """
          threshold: HIGH
          waivers:
            - package: requests
              rule: AIRLOCK-PRIVATE-KEY
              justification: test key
              expires: 2026-11-21
          """);

      // When
      Result result = airlock("policy", "check", policy.toString(), "--format", "json");

      // Then
      assertThat(result.code()).isZero();
      JsonNode doc = JSON.readTree(result.out());
      assertThat(doc.path("threshold").asText()).isEqualTo("HIGH");
      assertThat(doc.path("waivers").get(0).path("active").asBoolean()).isFalse();
      assertThat(doc.path("waivers").get(0).path("expires").asText()).isEqualTo("2026-11-21");
    }

    @Test
    void shouldPrintJsonWhenTheEnvironmentAsksForIt() throws Exception {
      // Given
      env.put("AIRLOCK_FORMAT", "json");

      // When
      Result result = airlock("policy", "check", EXAMPLES.resolve("airlock-policy.yaml").toString());

      // Then
      assertThat(result.code()).isZero();
      assertThat(JSON.readTree(result.out()).path("valid").asBoolean()).isTrue();
    }

    @Test
    void shouldExitTwoNamingTheWaiverWhenAJustificationIsMissing() throws Exception {
      // Given
      Path policy = work.resolve("policy.yaml");
      Files.writeString(policy, """
          waivers:
            - package: requests
              rule: AIRLOCK-PRIVATE-KEY
              expires: 2027-01-01
          """);

      // When
      Result result = airlock("policy", "check", policy.toString());

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("policy file " + policy + ", line 2, column 5: waiver 1 needs justification");
    }
  }

  @Nested
  @DisplayName("airlock scan")
  class Scan {

    @Test
    void shouldExitZeroWhenThePolicyWouldApprove() {
      // When
      Result result = airlock("scan", work.resolve("packages/tidy-stats-1.0.0.tar.gz").toString());

      // Then
      assertThat(result.code()).isZero();
      assertThat(result.out()).contains("would approve");
    }

    @Test
    void shouldExitThreeAndListFindingsWhenThePolicyWouldRefuse() throws Exception {
      // When
      Result result = airlock("scan", work.resolve("packages/fast-json-helper-0.3.1.tar.gz").toString(),
          "--format", "json");

      // Then
      assertThat(result.code()).isEqualTo(3);
      JsonNode doc = JSON.readTree(result.out());
      assertThat(doc.path("verdict").asText()).isEqualTo("REFUSED");
      assertThat(doc.path("package").asText()).isEqualTo("fast-json-helper");
      assertThat(doc.path("findings")).anySatisfy(finding -> {
        assertThat(finding.path("rule").asText()).isEqualTo("AIRLOCK-DOWNLOAD-EXEC");
        assertThat(finding.path("severity").asText()).isEqualTo("HIGH");
        assertThat(finding.path("file").asText()).isEqualTo("fast-json-helper-0.3.1/setup.py");
        assertThat(finding.path("line").asInt()).isEqualTo(11);
      });
      assertThat(doc.path("findings")).extracting(f -> f.path("rule").asText() + " " + f.path("severity").asText()
          + " " + f.path("file").asText() + ":" + f.path("line").asInt())
          .contains("AIRLOCK-PY-INSTALL-HOOK HIGH fast-json-helper-0.3.1/setup.py:8",
              "AIRLOCK-SETUP-ACTION HIGH fast-json-helper-0.3.1/setup.py:11");
    }

    @Test
    void shouldExitOneWhenTheFileIsNotAnArchive() throws Exception {
      // Given
      Path page = Files.writeString(work.resolve("page.tar.gz"), "<!doctype html><title>404</title>");

      // When
      Result result = airlock("scan", page.toString());

      // Then
      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out()).contains("error: scanner builtin failed");
    }
  }

  @Nested
  @DisplayName("usage and configuration errors")
  class Usage {

    @Test
    void shouldExitTwoWhenNoCommandIsGiven() {
      assertThat(airlock().code()).isEqualTo(2);
    }

    @Test
    void shouldExitTwoNamingTheValuesWhenAScannerIsUnknown() {
      // When
      Result result = runExamples("--scanners", "builtin,clamav");

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("unknown scanner 'clamav'").contains("builtin, sarif, codeguru, inspector");
    }

    @Test
    void shouldExitTwoNamingTheMissingSettingWhenTheDynamoDbLedgerIsChosenWithoutATable() {
      // Given
      env.put("AIRLOCK_LEDGER", "dynamodb");

      // When
      Result result = runExamples();

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--dynamodb-table (or AIRLOCK_DYNAMODB_TABLE) is required for --ledger dynamodb");
      assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldExitTwoWhenTheClaimLeaseIsNoLongerThanTheScanTimeout() {
      // When
      Result result = runExamples("--scan-timeout", "PT30M", "--claim-lease", "PT30M");

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--claim-lease PT30M must be longer than --scan-timeout PT30M");
      assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingTheVariableWhenRecheckAfterIsNotADuration() {
      // Given
      env.put("AIRLOCK_RECHECK_AFTER", "1 day");

      // When
      Result result = runExamples();

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("AIRLOCK_RECHECK_AFTER '1 day' is not a duration such as 30m, 24h, 7d")
          .contains("see 'airlock run --help'");
    }

    @Test
    void shouldExitTwoNamingTheMissingSettingWhenTheGitHubSourceHasNoRepository() {
      // When
      Result result = airlock("run", requestFile.toString(), "--data-dir", dataDir.toString(), "--source", "github");

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--github-repository (or AIRLOCK_GITHUB_REPOSITORY) is required for --source github");
      assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingEveryWayToGiveTheCommitWhenTheGitHubSourceHasNone() {
      // Given
      env.put("AIRLOCK_GITHUB_REPOSITORY", "data-science/package-requests");

      // When
      Result result = airlock("run", requestFile.toString(), "--data-dir", dataDir.toString(), "--source", "github");

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains(
          "--commit (or AIRLOCK_COMMIT, or CODEBUILD_RESOLVED_SOURCE_VERSION) is required for --source github");
      assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingTheMissingSettingWhenSarifIsChosenWithoutACommand() {
      // When
      Result result = airlock("scan", work.resolve("packages/tidy-stats-1.0.0.tar.gz").toString(),
          "--scanners", "builtin,sarif");

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--sarif-command (or AIRLOCK_SARIF_COMMAND) is required for --scanners sarif");
      assertThat(result.out()).isEmpty();
    }

    @Test
    void shouldExitTwoNamingTheMissingSettingWhenCodeArtifactIsChosenWithoutADomain() {
      // Given
      env.put("AIRLOCK_REPOSITORY", "codeartifact");
      env.put("AIRLOCK_CODEARTIFACT_REPOSITORY", "approved");

      // When
      Result result = runExamples();

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--codeartifact-domain (or AIRLOCK_CODEARTIFACT_DOMAIN) is required");
      assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingTheChoicesWhenTheCodeArtifactFormatIsUnknown() {
      // Given
      env.put("AIRLOCK_REPOSITORY", "codeartifact");
      env.put("AIRLOCK_CODEARTIFACT_DOMAIN", "data-science");
      env.put("AIRLOCK_CODEARTIFACT_REPOSITORY", "approved");
      env.put("AIRLOCK_CODEARTIFACT_FORMAT", "maven");

      // When
      Result result = runExamples();

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("unknown format 'maven' for AIRLOCK_CODEARTIFACT_FORMAT (expected one of native, generic)");
      assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingTheMissingSettingWhenSnsIsChosenWithoutATopic() {
      // When
      Result result = runExamples("--notifiers", "console,sns");

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--sns-topic-arn (or AIRLOCK_SNS_TOPIC_ARN) is required");
    }

    @Test
    void shouldExitTwoWhenTheRequestFileDoesNotExist() {
      // When
      Result result = airlock("run", work.resolve("missing.csv").toString());

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("missing.csv does not exist");
    }

    @Test
    void shouldPrintTheVersionWhenAsked() {
      // When
      Result result = airlock("--version");

      // Then
      assertThat(result.code()).isZero();
      assertThat(result.out()).startsWith("airlock ").doesNotContain("${");
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** The repository's and ledger's files with their modification times; reports are rewritten by every run. */
  private static Map<Path, Long> snapshot(Path root) throws IOException {
    Map<Path, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(root.resolve("reports"))).toList()) {
        files.put(root.relativize(p), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }
}

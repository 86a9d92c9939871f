package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import dev.airlock.adapter.output.report.JsonRunReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code airlock run} leaves behind besides decisions: report files, console progress and logs. */
class MainReportsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ESC = "\u001b";

  @TempDir
  Path work;

  private Path requestFile;
  private Path dataDir;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void copyExamples() throws IOException {
    Path packages = Files.createDirectories(work.resolve("packages"));
    try (Stream<Path> files = Files.list(Path.of("..", "examples", "packages"))) {
      for (Path file : files.toList()) {
        Files.copy(file, packages.resolve(file.getFileName()));
      }
    }
    requestFile = Files.copy(Path.of("..", "examples", "external-package-request.csv"), work.resolve("requests.csv"));
    dataDir = work.resolve("data");
  }

  private Result run(boolean terminal, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", requestFile.toString(), "--allow-file-urls",
        "--data-dir", dataDir.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK, terminal);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  record Result(int code, String out, String err) {}

  @Nested
  @DisplayName("report files")
  class Reports {

    @Test
    void shouldWriteTheFourReportsUnderTheDataDirWhenTheRunFinishes() throws Exception {
      // When
      Result result = run(false);

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      Path reports = dataDir.resolve("reports");
      JsonNode report = JSON.readTree(reports.resolve("airlock-report.json").toFile());
      assertThat(schemaProblems(report)).isEmpty();
      assertThat(report.path("requests")).extracting(r -> r.path("status").asText())
          .containsExactly("APPROVED", "REFUSED");
      assertThat(report.path("inputs").path("scanners").get(0).asText()).isEqualTo("builtin");
      assertThat(Files.readString(reports.resolve("airlock-junit.xml")))
          .contains("tests=\"2\" failures=\"1\" errors=\"0\"")
          .contains("name=\"fast-json-helper (line ").contains("<failure type=\"REFUSED\"");
      assertThat(JSON.readTree(reports.resolve("airlock-findings.sarif").toFile()).path("version").asText())
          .isEqualTo("2.1.0");
      String summary = Files.readString(reports.resolve("airlock-summary.md"));
      assertThat(summary).contains("| tidy-stats | APPROVED |").contains("| fast-json-helper | REFUSED | HIGH ");
      assertThat(result.out()).containsPattern("tidy-stats\\s+APPROVED")
          .containsPattern("fast-json-helper\\s+REFUSED\\s+HIGH ")
          .contains("1 approved, 1 refused, 0 error, 0 already decided");
      assertThat(summary).contains(result.out().lines().filter(l -> l.startsWith("1 approved")).findFirst().orElseThrow());
    }

    @Test
    void shouldPrintTheSameDocumentAsTheJsonReportWhenFormatIsJson() throws Exception {
      // When
      Result result = run(false, "--format", "json");

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(JSON.readTree(result.out()))
          .isEqualTo(JSON.readTree(dataDir.resolve("reports/airlock-report.json").toFile()));
    }

    @Test
    void shouldWriteReportsWhereTheEnvironmentSaysWhenAReportDirIsSet() {
      // Given
      Path elsewhere = work.resolve("ci-reports");
      env.put("AIRLOCK_REPORT_DIR", elsewhere.toString());

      // When
      Result result = run(false);

      // Then
      assertThat(result.code()).isZero();
      assertThat(elsewhere.resolve("airlock-junit.xml")).exists();
      assertThat(dataDir.resolve("reports")).doesNotExist();
    }

    @Test
    void shouldExitOneNamingTheReportButKeepTheDecisionsWhenReportsCannotBeWritten() throws Exception {
      // Given: the report folder can be written, but a folder stands where one report goes
      Path reports = Files.createDirectories(work.resolve("reports"));
      Files.writeString(Files.createDirectories(reports.resolve("airlock-junit.xml")).resolve("x"), "in the way");

      // When
      Result result = run(false, "--report-dir", reports.toString());

      // Then
      assertThat(result.code()).isEqualTo(1);
      assertThat(result.err()).contains("airlock: cannot write report").contains("airlock-junit.xml");
      assertThat(dataDir.resolve("repository/tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz")).exists();
      assertThat(reports.resolve("airlock-report.json")).as("the other reports are still written").exists();
    }

    @Test
    void shouldExitTwoBeforeFetchingWhenTheReportFolderIsAFile() throws Exception {
      // Given
      Path notAFolder = Files.writeString(work.resolve("reports-file"), "in the way");

      // When
      Result result = run(false, "--report-dir", notAFolder.toString());

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("--report-dir " + notAFolder + " cannot be used: " + notAFolder.toAbsolutePath()
          + " is a file, not a folder").doesNotContain("fetching");
      assertThat(dataDir.resolve("repository")).doesNotExist();
    }
  }

  @Nested
  @DisplayName("console")
  class ConsoleOutput {

    @Test
    void shouldPrintPlainProgressLinesWithoutColoursWhenNotOnATerminal() {
      // When
      Result result = run(false);

      // Then
      assertThat(result.err().lines()).contains("tidy-stats: fetching", "tidy-stats: publishing",
          "fast-json-helper: fetching");
      assertThat(result.err()).containsPattern("(?m)^tidy-stats: scanning \\(\\d+\\.\\d MB fetched\\)$")
          .containsPattern("(?m)^tidy-stats: done: APPROVED \\(\\d+\\.\\d s\\)$")
          .containsPattern("(?m)^fast-json-helper: done: REFUSED \\(\\d+\\.\\d s\\)$");
      assertThat(result.out() + result.err()).doesNotContain(ESC);
    }

    @Test
    void shouldPrintPlainUncolouredOutputWhenTheRealProcessRunsWithoutATerminal() throws Exception {
      // Given: the real executable, its streams redirected to files as in CodeBuild
      List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
          "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "run", requestFile.toString(), "--allow-file-urls", "--data-dir", dataDir.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(work.resolve("stdout.txt").toFile())
          .redirectError(work.resolve("stderr.txt").toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("AIRLOCK_") || k.equals("CODEBUILD_BUILD_ID")
          || k.equals("NO_COLOR"));

      // When
      Process process = builder.start();
      assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("finished in 60 s").isTrue();

      // Then
      String out = Files.readString(work.resolve("stdout.txt"));
      String err = Files.readString(work.resolve("stderr.txt"));
      assertThat(process.exitValue()).as(err).isZero();
      assertThat(err.lines()).contains("tidy-stats: fetching", "tidy-stats: publishing");
      assertThat(out).containsPattern("(?m)^tidy-stats\\s+APPROVED");
      assertThat(out + err).doesNotContain(ESC);
    }

    @Test
    void shouldColourTheVerdictsWhenOnATerminal() {
      // When
      Result result = run(true);

      // Then
      assertThat(result.code()).isZero();
      assertThat(result.out()).containsPattern("\u001b\\[32mtidy-stats\\s+APPROVED")
          .containsPattern("\u001b\\[31mfast-json-helper\\s+REFUSED");
      assertThat(result.err()).contains(ESC + "[2K");
    }

    @Test
    void shouldNeverColourWhenNoColorIsSetEvenOnATerminal() {
      // Given
      env.put("NO_COLOR", "1");

      // When
      Result result = run(true);

      // Then
      assertThat(result.code()).isZero();
      assertThat(result.out()).doesNotContain(ESC);
      assertThat(result.err()).doesNotContainPattern("\u001b\\[\\d+m");
    }
  }

  @Nested
  @DisplayName("logs")
  class Logs {

    @Test
    void shouldLogOneJsonObjectPerLineWithRunIdAndRequestKeyWhenLogFormatIsJson() throws Exception {
      // Given
      env.put("AIRLOCK_LOG_FORMAT", "json");

      // When
      Result result = run(false, "--log-level", "info");

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : result.err().lines().toList()) {
        lines.add(JSON.readTree(line));
      }
      assertThat(lines).isNotEmpty().allSatisfy(line -> {
        assertThat(line.path("level").asText()).isNotEmpty();
        assertThat(line.path("context").path("properties").path("runId").asText()).startsWith("20261122T100000Z-");
      });
      assertThat(lines).anySatisfy(line -> {
        assertThat(line.path("mdc").path("request").asText()).startsWith("fast-json-helper@file:");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("fast-json-helper: scanning");
      });
    }

    @Test
    void shouldWarnAsJsonLogEventsNotPlainLinesWhenLogFormatIsJson() throws Exception {
      // Given
      env.put("AIRLOCK_LOG_FORMAT", "json");
      Path policy = Files.writeString(work.resolve("policy.yaml"), """
          waivers:
            - package: fast-json-helper
              rule: AIRLOCK-DOWNLOAD-EXEC
              justification: demo only
              expires: 2026-11-21
          """);

      // When
      Result result = run(false, "--policy", policy.toString());

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : result.err().lines().toList()) {
        lines.add(JSON.readTree(line));
      }
      assertThat(lines).anySatisfy(line -> {
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("formattedMessage").asText())
            .isEqualTo("waiver fast-json-helper/AIRLOCK-DOWNLOAD-EXEC (until 2026-11-21) has expired and no longer applies");
      });
    }

    @Test
    void shouldLogJsonWithTheBuildIdAsRunIdWhenInsideCodeBuild() throws Exception {
      // Given
      env.put("CODEBUILD_BUILD_ID", "airlock:0f1e2d3c");

      // When
      Result result = run(false, "--verbose");

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.err().lines()).isNotEmpty().allSatisfy(line ->
          assertThat(JSON.readTree(line).path("context").path("properties").path("runId").asText())
              .isEqualTo("airlock:0f1e2d3c"));
      assertThat(result.err()).contains("\"level\":\"DEBUG\"");
    }

    @Test
    void shouldExitTwoNamingTheValuesWhenTheLogLevelIsUnknown() {
      // Given
      env.put("AIRLOCK_LOG_LEVEL", "loud");

      // When
      Result result = run(false);

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("unknown log level 'loud' for AIRLOCK_LOG_LEVEL")
          .contains("error, warn, info, debug, trace");
      assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldExitTwoNamingTheVariableWhenTheLogFormatIsUnknown() {
      // Given
      env.put("AIRLOCK_LOG_FORMAT", "xml");

      // When
      Result result = run(false);

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("AIRLOCK_LOG_FORMAT must be text or json, was 'xml'");
      assertThat(dataDir).doesNotExist();
    }
  }

  private static List<String> schemaProblems(JsonNode document) throws IOException {
    try (InputStream schema = JsonRunReport.class.getResourceAsStream(JsonRunReport.SCHEMA_RESOURCE)) {
      return JsonSchemaFactory.getInstance(VersionFlag.V202012).getSchema(schema)
          .validate(document).stream().map(Object::toString).toList();
    }
  }
}

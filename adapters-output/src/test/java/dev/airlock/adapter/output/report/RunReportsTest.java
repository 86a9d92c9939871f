package dev.airlock.adapter.output.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.ClosureNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

/** The four reports of a run, each checked against the schema its readers use. */
class RunReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Nested
  @DisplayName("airlock-report.json")
  class JsonReport {

    @Test
    void shouldMatchItsPublishedSchemaWhenTheRunHasEveryKindOfOutcome() {
      // When
      ObjectNode doc = JsonRunReport.document(SampleRun.result(), SampleRun.INPUTS);

      // Then
      assertThat(ReportSchemas.reportProblems(doc)).isEmpty();
      assertThat(doc.path("schemaVersion").asInt()).isEqualTo(2);
      assertThat(doc.path("inputs").path("scanners")).hasSize(2);
      assertThat(doc.path("summary").path("error").asInt()).isEqualTo(2);
      JsonNode approved = doc.path("requests").get(1);
      assertThat(approved.path("key").path("package").asText()).isEqualTo("tidy-stats");
      assertThat(approved.path("verdict").asText()).isEqualTo("APPROVED");
      assertThat(approved.path("publication").path("install").asText()).isEqualTo("pip install tidy-stats==1.0.0");
      assertThat(approved.path("startedAt").asText()).isEqualTo("2030-06-15T12:00:00Z");
      assertThat(approved.path("finishedAt").asText()).isEqualTo("2030-06-15T12:00:01.500Z");
      JsonNode refused = doc.path("requests").get(2);
      assertThat(refused.path("blockingFindings")).singleElement()
          .satisfies(f -> assertThat(f.path("file").asText()).isEqualTo("fast_json_helper/set up.py"));
      assertThat(doc.path("requests").get(3).path("error").asText()).isEqualTo("download failed: HTTP 404");
      assertThat(doc.path("requests").get(4).path("decidedEarlier").path("runId").asText()).isEqualTo("earlier-run");
    }

    @Test
    void shouldCarryTheClosureAsATreeWhenTheRunHasReleaseRows() {
      // Given: an approved Python closure and an npm one a refused dependency blocks
      ClosureNode approved = LockFilesTest.node("pypi", "top-pkg", "1.0", "APPROVED",
          LockFilesTest.node("pypi", "mid-pkg", "1.1", "APPROVED", LockFilesTest.node("pypi", "leaf-pkg", "1.0",
              "APPROVED")));
      ClosureNode blocked = LockFilesTest.node("npm", "some-app", "1.0.0", "BLOCKED",
          LockFilesTest.node("npm", "evil-lib", "0.1.2", "REFUSED"));

      // When
      ObjectNode doc = JsonRunReport.document(LockFilesTest.run("*==1.0", approved, blocked), SampleRun.INPUTS);

      // Then
      assertThat(ReportSchemas.reportProblems(doc)).isEmpty();
      JsonNode tree = doc.path("requests").get(0).path("closure").path("tree");
      assertThat(doc.path("requests").get(0).path("closure").path("role").asText()).isEqualTo("requested");
      assertThat(tree.path("name").asText()).isEqualTo("top-pkg");
      assertThat(tree.path("dependencies").get(0).path("dependencies").get(0).path("name").asText())
          .isEqualTo("leaf-pkg");
      assertThat(tree.path("sha256").asText()).hasSize(64);
      JsonNode npm = doc.path("requests").get(1).path("closure").path("tree");
      assertThat(npm.path("verdict").asText()).isEqualTo("BLOCKED");
      assertThat(npm.path("integrity").asText()).startsWith("sha1-");
      assertThat(npm.path("dependencies").get(0).path("reason").asText()).contains("evil 1.0 is refused");

      // And the schema holds a tree to its shape: a node without a verdict is rejected
      ((ObjectNode) tree.path("dependencies").get(0)).remove("verdict");
      assertThat(ReportSchemas.reportProblems(doc)).isNotEmpty();
    }

    @Test
    void shouldBeRejectedBySchemaWhenAnErrorHasNoReason() {
      // Given: guards the test above against a schema that accepts anything
      ObjectNode doc = JsonRunReport.document(SampleRun.result(), SampleRun.INPUTS);
      ((ObjectNode) doc.path("requests").get(3)).remove("error");

      // When
      List<String> problems = ReportSchemas.reportProblems(doc);

      // Then
      assertThat(problems).anySatisfy(p -> assertThat(p).contains("error"));
    }
  }

  @Nested
  @DisplayName("airlock-findings.sarif")
  class Sarif {

    @Test
    void shouldBeValidSarif210WithOneRunPerScannerWhenFindingsExist() {
      // When
      ObjectNode log = SarifRunReport.document(SampleRun.result(), SampleRun.INPUTS);

      // Then
      assertThat(ReportSchemas.sarifProblems(log)).isEmpty();
      assertThat(log.path("version").asText()).isEqualTo("2.1.0");
      assertThat(log.path("runs")).hasSize(2);
      JsonNode builtin = log.path("runs").get(0);
      assertThat(builtin.path("tool").path("driver").path("name").asText()).isEqualTo("airlock-builtin");
      assertThat(builtin.path("tool").path("driver").path("rules")).extracting(r -> r.path("id").asText())
          .containsExactly("AIRLOCK-NET", "AIRLOCK-EXEC");
      assertThat(builtin.path("results")).hasSize(3);
      JsonNode exec = builtin.path("results").get(1);
      assertThat(exec.path("ruleIndex").asInt()).isEqualTo(1);
      assertThat(exec.path("level").asText()).isEqualTo("error");
      assertThat(exec.path("properties").path("security-severity").asText()).isEqualTo("8.0");
      assertThat(exec.path("properties").path("blocking").asBoolean()).isTrue();
      JsonNode location = exec.path("locations").get(0).path("physicalLocation");
      assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo("fast_json_helper/set%20up.py");
      assertThat(location.path("region").path("startLine").asInt()).isEqualTo(11);
      assertThat(log.path("runs").get(1).path("results")).isEmpty();
    }

    @Test
    void shouldBeRejectedBySarifSchemaWhenALevelIsUnknown() {
      // Given: guards the test above against a schema that accepts anything
      ObjectNode log = SarifRunReport.document(SampleRun.result(), SampleRun.INPUTS);
      ((ObjectNode) log.path("runs").get(0).path("results").get(0)).put("level", "severe");

      // When / Then
      assertThat(ReportSchemas.sarifProblems(log)).isNotEmpty();
    }
  }

  @Nested
  @DisplayName("airlock-junit.xml")
  class JUnit {

    @Test
    void shouldBeValidJUnitXmlWithAFailurePerRefusalAndAnErrorPerErrorWhenWritten() throws Exception {
      // When
      String xml = junit();

      // Then
      ReportSchemas.validateJUnit(xml);
      assertThat(xml)
          .contains("<testsuite name=\"airlock run run-1\" tests=\"5\" failures=\"1\" errors=\"2\" skipped=\"1\"")
          .contains("<testcase classname=\"airlock.requests\" name=\"tidy-stats (line 2)\" time=\"1.500\">")
          .contains("<failure type=\"REFUSED\" message=\"Airlock: fast-json-helper refused (1 blocking finding)\">")
          .contains("- HIGH AIRLOCK-EXEC at fast_json_helper/set up.py:11: runs a shell | at install\uFFFD time")
          .contains("<error type=\"ERROR\" message=\"download failed: HTTP 404\">")
          .contains("<skipped type=\"ALREADY_DECIDED\" message=\"decided REFUSED earlier, in run earlier-run\">")
          .doesNotContain("\u0007");
    }

    @Test
    void shouldFailValidationWhenATestCaseHasNoName() throws Exception {
      // Given: guards the test above against an XSD that accepts anything
      String xml = junit().replace("name=\"tidy-stats (line 2)\"", "");

      // When / Then
      assertThatThrownBy(() -> ReportSchemas.validateJUnit(xml)).isInstanceOf(SAXException.class)
          .hasMessageContaining("name");
    }

    private String junit() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JUnitRunReport.write(SampleRun.result(), SampleRun.INPUTS, out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Nested
  @DisplayName("airlock-summary.md")
  class Summary {

    @Test
    void shouldRenderTheConsoleTableAsMarkdownWhenCellsHoldMarkup() {
      // When
      String md = MarkdownRunReport.render(SampleRun.result());

      // Then
      assertThat(md).contains("| PACKAGE | VERDICT | TOP FINDING | PUBLISHED AS |")
          .contains("| tidy-stats | APPROVED | LOW AIRLOCK-NET fast\\_json\\_helper/\\_\\_init\\_\\_.py"
              + " | tidy-stats 1.0.0 (memory) |")
          .contains("| old-news | REFUSED (earlier) |")
          .contains("1 approved, 1 refused, 2 error, 1 already decided (run run-1)")
          .contains("- warning: notifier sns failed: throttled");
    }
  }

  @Nested
  @DisplayName("FileRunReporter")
  class Files_ {

    @Test
    void shouldWriteTheFourReportsWhenTheRunFinishes() throws Exception {
      // Given
      FileRunReporter reporter = new FileRunReporter(dir.resolve("reports"), SampleRun.INPUTS);

      // When
      List<String> written = reporter.report(SampleRun.result());

      // Then
      assertThat(written).hasSize(4);
      try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
            "airlock-report.json", "airlock-junit.xml", "airlock-findings.sarif", "airlock-summary.md");
      }
      ReportSchemas.validateJUnit(Files.readString(dir.resolve("reports/airlock-junit.xml")));
      assertThat(ReportSchemas.reportProblems(JSON.readTree(dir.resolve("reports/airlock-report.json").toFile())))
          .isEmpty();
      assertThat(ReportSchemas.sarifProblems(JSON.readTree(dir.resolve("reports/airlock-findings.sarif").toFile())))
          .isEmpty();
    }

    @Test
    void shouldNameEveryReportItCouldNotWriteWhenTheFolderIsAFile() throws Exception {
      // Given
      Path notAFolder = Files.writeString(dir.resolve("reports"), "a file");
      FileRunReporter reporter = new FileRunReporter(notAFolder, SampleRun.INPUTS);

      // When / Then
      assertThatThrownBy(() -> reporter.report(SampleRun.result())).isInstanceOf(PortException.class)
          .hasMessageContaining("airlock-junit.xml").hasMessageContaining("airlock-report.json")
          .hasMessageContaining("airlock-findings.sarif").hasMessageContaining("airlock-summary.md");
    }
  }
}

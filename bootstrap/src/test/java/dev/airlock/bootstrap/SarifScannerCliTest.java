package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.bootstrap.AirlockCli.Result;
import java.io.IOException;
import java.io.OutputStream;
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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock scan --scanners sarif} through the real command line, with a real external
 * process: {@code java FakeSarifTool.java} plays back the log ESLint wrote for the sample project.
 */
class SarifScannerCliTest {
  private static final Path FIXTURES = Path.of("..", "adapters-scan", "src", "test", "resources",
      "dev", "airlock", "adapter", "scan", "sarif").toAbsolutePath().normalize();
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private Path archive;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void packSampleProject() throws IOException {
    archive = work.resolve("left-pad-plus-1.2.0.tgz");
    Path project = FIXTURES.resolve("sample-project");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file));
        Stream<Path> files = Files.walk(project)) {
      for (Path source : files.filter(Files::isRegularFile).sorted().toList()) {
        TarArchiveEntry entry = new TarArchiveEntry(project.relativize(source).toString().replace('\\', '/'));
        entry.setSize(Files.size(source));
        tar.putArchiveEntry(entry);
        Files.copy(source, tar);
        tar.closeArchiveEntry();
      }
    }
  }

  @Test
  void shouldExitThreeListingTheLintersFindingsWhenTheSarifScannerRunsBesideTheBuiltinOne() throws Exception {
    // Given: the command as a JSON array; ESLint exits 1 when it finds something
    String command = JSON.writeValueAsString(fakeTool("--copy", FIXTURES.resolve("eslint-10.15.0.sarif").toString(),
        "--exit", "1"));

    // When
    Result result = airlock("scan", archive.toString(), "--scanners", "builtin,sarif", "--sarif-command", command,
        "--format", "json");

    // Then
    assertThat(result.code()).as(result.err()).isEqualTo(3);
    JsonNode doc = JSON.readTree(result.out());
    assertThat(doc.path("verdict").asText()).isEqualTo("REFUSED");
    assertThat(doc.path("findings")).anySatisfy(finding -> {
      assertThat(finding.path("scanner").asText()).isEqualTo("sarif");
      assertThat(finding.path("rule").asText()).isEqualTo("no-eval");
      assertThat(finding.path("severity").asText()).isEqualTo("HIGH");
      assertThat(finding.path("file").asText()).isEqualTo("package/index.js");
      assertThat(finding.path("line").asInt()).isEqualTo(12);
    });
    assertThat(doc.path("findings")).filteredOn(f -> f.path("scanner").asText().equals("sarif")).hasSize(7);
    assertThat(result.out() + result.err()).doesNotContain("airlock-sarif-").doesNotContain("file:");
  }

  @Test
  void shouldApproveWhenTheCommandFromTheEnvironmentWritesALogWithoutResults() {
    // Given: quoted words, as a CodeBuild environment variable would hold them
    env.put("AIRLOCK_SCANNERS", "sarif");
    env.put("AIRLOCK_SARIF_COMMAND", "'" + JAVA + "' '" + FIXTURES.resolve("FakeSarifTool.java")
        + "' --dir {dir} --output {output} --write "
        + "'{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"ESLint\"}}, \"results\": []}]}'");

    // When
    Result result = airlock("scan", archive.toString());

    // Then
    assertThat(result.code()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("would approve");
  }

  @Test
  void shouldExitOneWithTheToolsLastWordsWhenItFailsWithoutALog() throws Exception {
    // Given
    String command = JSON.writeValueAsString(fakeTool("--say", "Oops! Something went wrong", "--exit", "2"));

    // When
    Result result = airlock("scan", archive.toString(), "--scanners", "sarif", "--sarif-command", command);

    // Then
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("scanner sarif failed")
        .contains("exited with 2 on left-pad-plus-1.2.0.tgz, and no SARIF file was written")
        .contains("Oops! Something went wrong");
  }

  @Test
  void shouldStopTheToolAndExitOneWhenItRunsPastTheScanTimeout() throws Exception {
    // Given: a tool that never finishes
    String command = "sh -c 'sleep 300 & wait' sh {output}";

    // When
    Result result = airlock("scan", archive.toString(), "--scanners", "sarif", "--sarif-command", command,
        "--scan-timeout", "PT2S");

    // Then
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("SARIF command 'sh' ran longer than PT2S on left-pad-plus-1.2.0.tgz and was stopped");
  }

  @Test
  void shouldExitTwoNamingTheOptionWhenTheCommandLeavesAQuoteOpen() {
    // When
    Result result = airlock("scan", archive.toString(), "--scanners", "sarif",
        "--sarif-command", "eslint --output-file '{output}");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--sarif-command has an unclosed ' quote");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void shouldExitTwoWhenTheCommandDoesNotPassTheOutputPlaceholder() {
    // When
    Result result = airlock("scan", archive.toString(), "--scanners", "sarif",
        "--sarif-command", "eslint --format sarif .");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--sarif-command: the SARIF command must pass {output} to the tool");
  }

  private static List<String> fakeTool(String... arguments) {
    List<String> command = new ArrayList<>(List.of(JAVA, FIXTURES.resolve("FakeSarifTool.java").toString(),
        "--dir", "{dir}", "--output", "{output}"));
    command.addAll(List.of(arguments));
    return command;
  }

  private Result airlock(String... args) {
    return AirlockCli.run(env, CLOCK, args);
  }

}

package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.bootstrap.AirlockCli.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock scan --sbom-out FILE}: the SBOM of an archive's manifests, written without any AWS account. */
class ScanSbomOutTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;


  private Result airlock(String... args) {
    // No AWS region or credentials: generating an SBOM must not need them.
    return AirlockCli.run(Map.of(), CLOCK, args);
  }

  /** A tar.gz of a small Python project with a pyproject.toml and a pinned requirements.txt. */
  static Path pythonProject(Path target) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("weatherly-1.4.0/pyproject.toml", """
        [project]
        name = "weatherly"
        version = "1.4.0"
        dependencies = ["requests>=2.28", "PyYAML==5.3.1"]
        """);
    files.put("weatherly-1.4.0/requirements.txt", "requests==2.28.2\nurllib3==1.26.4\n");
    files.put("weatherly-1.4.0/weatherly/__init__.py", "def forecast(city):\n    return {}\n");
    try (OutputStream file = Files.newOutputStream(target);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
        entry.setSize(bytes.length);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    return target;
  }

  @Test
  void shouldWriteTheManifestsComponentsAsCycloneDxWhenSbomOutIsGivenWithoutInspector() throws Exception {
    // Given
    Path archive = pythonProject(work.resolve("weatherly-1.4.0.tar.gz"));
    Path sbomFile = work.resolve("weatherly.cdx.json");

    // When
    Result result = airlock("scan", archive.toString(), "--sbom-out", sbomFile.toString());

    // Then
    assertThat(result.code()).isZero();
    assertThat(result.err()).contains("wrote the SBOM (4 components) to " + sbomFile);
    JsonNode sbom = JSON.readTree(sbomFile.toFile());
    assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(sbom.path("specVersion").asText()).isEqualTo("1.5");
    assertThat(sbom.path("metadata").path("component").path("purl").asText()).isEqualTo("pkg:pypi/weatherly@1.4.0");
    List<String> purls = new ArrayList<>();
    sbom.path("components").forEach(c -> purls.add(c.path("purl").asText()));
    assertThat(purls).containsExactly("pkg:pypi/pyyaml@5.3.1", "pkg:pypi/requests@2.28.2", "pkg:pypi/urllib3@1.26.4",
        "pkg:pypi/weatherly@1.4.0");
    try (var leftovers = Files.list(work)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".sbom-"));
    }
  }

  @Test
  void shouldStillSayWhatThePolicyWouldDecideWhenAlsoWritingTheSbom() throws Exception {
    // Given
    Path archive = Files.copy(Path.of("..", "examples", "packages", "fast-json-helper-0.3.1.tar.gz"),
        work.resolve("fast-json-helper-0.3.1.tar.gz"));
    Path sbomFile = work.resolve("sbom.json");

    // When
    Result result = airlock("scan", archive.toString(), "--sbom-out", sbomFile.toString(), "--format", "json");

    // Then
    assertThat(result.code()).isEqualTo(3);
    assertThat(JSON.readTree(result.out()).path("verdict").asText()).isEqualTo("REFUSED");
    assertThat(JSON.readTree(sbomFile.toFile()).path("metadata").path("component").path("purl").asText())
        .isEqualTo("pkg:pypi/fast-json-helper@0.3.1");
  }

  @Test
  void shouldExitTwoNamingTheFileWhenTheSbomCannotBeWritten() throws Exception {
    // Given
    Path archive = pythonProject(work.resolve("weatherly-1.4.0.tar.gz"));
    Path nowhere = work.resolve("missing-dir").resolve("sbom.json");

    // When
    Result result = airlock("scan", archive.toString(), "--sbom-out", nowhere.toString());

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--sbom-out " + nowhere + " cannot be written");
  }

  @Test
  void shouldExitOneWhenTheArchiveCannotBeReadForTheSbom() throws Exception {
    // Given
    Path page = Files.writeString(work.resolve("page.tar.gz"), "<!doctype html><title>404</title>");

    // When
    Result result = airlock("scan", page.toString(), "--sbom-out", work.resolve("sbom.json").toString());

    // Then
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("cannot generate the SBOM: archive page.tar.gz cannot be read");
    assertThat(work.resolve("sbom.json")).doesNotExist();
  }
}

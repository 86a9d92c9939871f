package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch and archive limits, set from options and from their environment fallbacks, through the real CLI. */
class IntakeLimitsCliTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private Path requestFile;
  private Path dataDir;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void copyExamples() throws IOException {
    Path packages = Files.createDirectories(work.resolve("packages"));
    for (String name : new String[] {"tidy-stats-1.0.0.tar.gz", "fast-json-helper-0.3.1.tar.gz"}) {
      Files.copy(EXAMPLES.resolve("packages").resolve(name), packages.resolve(name));
    }
    requestFile = Files.copy(EXAMPLES.resolve("external-package-request.csv"),
        work.resolve("external-package-request.csv"));
    dataDir = work.resolve("data");
  }

  @Test
  void shouldReportEveryDownloadAsAnErrorWhenItIsOverTheMaximumDownloadSize() {
    // When: the demo archives are about 0.5 and 2 KiB
    Result result = airlock("run", requestFile.toString(), "--allow-file-urls", "--data-dir", dataDir.toString(),
        "--max-download-size", "100", "--format", "json");

    // Then
    assertThat(result.code()).as(result.err()).isEqualTo(1);
    assertThat(result.out()).contains("is over the limit of 100 bytes");
    assertThat(dataDir.resolve("repository")).doesNotExist();
  }

  @Test
  void shouldReadTheMaximumDownloadSizeFromTheEnvironmentWhenNoOptionIsGiven() {
    // Given
    env.put("AIRLOCK_MAX_DOWNLOAD_SIZE", "4KiB");

    // When
    Result result = airlock("run", requestFile.toString(), "--allow-file-urls", "--data-dir", dataDir.toString());

    // Then: 4 KiB holds both demo archives
    assertThat(result.code()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("1 approved, 1 refused, 0 error");
  }

  @Test
  void shouldRefuseAsABombWhenTheArchiveHasMoreEntriesThanAllowed() throws Exception {
    // When
    Result result = airlock("scan", work.resolve("packages/tidy-stats-1.0.0.tar.gz").toString(),
        "--max-archive-entries", "1", "--format", "json");

    // Then
    assertThat(result.code()).isEqualTo(3);
    assertThat(JSON.readTree(result.out()).path("findings")).anySatisfy(finding -> {
      assertThat(finding.path("rule").asText()).isEqualTo("AIRLOCK-ARCHIVE-LIMIT");
      assertThat(finding.path("severity").asText()).isEqualTo("CRITICAL");
    });
  }

  @Test
  void shouldScanANestedArchiveByDefaultAndReportItWhenTheEnvironmentAllowsNoNesting() throws Exception {
    // Given: a clean package whose wheel holds a clean zip
    Path wheel = nestedWheel(work.resolve("demo-1.0-py3-none-any.whl"));

    // When
    Result byDefault = airlock("scan", wheel.toString(), "--format", "json");
    env.put("AIRLOCK_MAX_ARCHIVE_NESTING", "0");
    Result noNesting = airlock("scan", wheel.toString(), "--format", "json");

    // Then
    assertThat(byDefault.code()).as(byDefault.out()).isZero();
    assertThat(noNesting.code()).isEqualTo(3);
    JsonNode finding = JSON.readTree(noNesting.out()).path("findings").get(0);
    assertThat(finding.path("rule").asText()).isEqualTo("AIRLOCK-ARCHIVE-NESTED");
    assertThat(finding.path("severity").asText()).isEqualTo("MEDIUM");
    assertThat(finding.path("file").asText()).isEqualTo("demo/data/inner.zip");
  }

  @Test
  void shouldRefuseAnArchiveThatUnpacksPastTheMaximumUnpackedSize() throws Exception {
    // Given
    Path wheel = nestedWheel(work.resolve("demo-1.0-py3-none-any.whl"));

    // When
    Result result = airlock("scan", wheel.toString(), "--max-unpacked-size", "10", "--format", "json");

    // Then
    assertThat(result.code()).isEqualTo(3);
    assertThat(JSON.readTree(result.out()).path("findings").get(0).path("rule").asText())
        .isEqualTo("AIRLOCK-ARCHIVE-LIMIT");
  }

  @Test
  void shouldExitTwoNamingTheOptionWhenASizeIsNotASize() {
    // When
    Result result = airlock("run", requestFile.toString(), "--max-download-size", "lots");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--max-download-size 'lots' is not a size such as 512MiB");
  }

  @Test
  void shouldExitTwoNamingTheVariableWhenATimeoutFromTheEnvironmentIsNotPositive() {
    // Given
    env.put("AIRLOCK_DOWNLOAD_TIMEOUT", "PT0S");

    // When
    Result result = airlock("run", requestFile.toString());

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("AIRLOCK_DOWNLOAD_TIMEOUT must be positive, was PT0S");
  }

  @Test
  void shouldExitTwoWhenTheEntryLimitIsZero() {
    // When
    Result result = airlock("scan", work.resolve("packages/tidy-stats-1.0.0.tar.gz").toString(),
        "--max-archive-entries", "0");

    // Then
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--max-archive-entries must be at least 1, was 0");
  }

  private static Path nestedWheel(Path target) throws IOException {
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(inner)) {
      zip.putNextEntry(new ZipEntry("readme.txt"));
      zip.write("just data\n".getBytes(StandardCharsets.UTF_8));
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
      zip.putNextEntry(new ZipEntry("demo/__init__.py"));
      zip.write("VALUE = 1\n".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("demo/data/inner.zip"));
      zip.write(inner.toByteArray());
    }
    return target;
  }

  private Result airlock(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int code, String out, String err) {}
}

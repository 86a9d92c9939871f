package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock scan} on several archives and on folders: one verdict each, the exit code the worst of them. */
class ScanArchivesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final Path PACKAGES = Path.of("..", "examples", "packages");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private Path clean;
  private Path malicious;
  private final Map<String, String> env = new HashMap<>();

  record Result(int code, String out, String err) {}

  @BeforeEach
  void examples() {
    clean = PACKAGES.resolve("tidy-stats-1.0.0.tar.gz");
    malicious = PACKAGES.resolve("fast-json-helper-0.3.1.tar.gz");
  }

  private Result airlock(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldExitThreeWhenOneOfSeveralArchivesWouldBeRefused() {
    Result result = airlock("scan", clean.toString(), malicious.toString());

    assertThat(result.code()).as(result.err()).isEqualTo(3);
    assertThat(result.out()).contains(clean + " (tidy-stats").contains(malicious + " (fast-json-helper")
        .contains("2 archives: 1 would be approved, 1 refused, 0 error");
  }

  @Test
  void shouldExitOneWhenAnyArchiveEndsInErrorEvenIfAnotherWouldBeRefused() throws Exception {
    Path truncated = Files.write(work.resolve("broken-1.0.tar.gz"),
        java.util.Arrays.copyOf(Files.readAllBytes(clean), 40));

    Result result = airlock("scan", malicious.toString(), truncated.toString());

    assertThat(result.code()).as(result.out()).isEqualTo(1);
    assertThat(result.out()).contains("2 archives: 0 would be approved, 1 refused, 1 error");
  }

  @Test
  void shouldScanEveryArchiveInAFolderByNameWhenGivenTheFolder() throws Exception {
    Path folder = Files.createDirectories(work.resolve("incoming"));
    Files.copy(clean, folder.resolve(clean.getFileName()));
    Files.copy(malicious, folder.resolve(malicious.getFileName()));
    Files.writeString(folder.resolve("NOTES.txt"), "not an archive");

    Result result = airlock("scan", folder.toString(), "--format", "json");

    assertThat(result.code()).isEqualTo(3);
    JsonNode doc = JSON.readTree(result.out());
    assertThat(doc.path("verdict").asText()).isEqualTo("REFUSED");
    assertThat(doc.path("archives")).hasSize(2);
    assertThat(doc.path("archives").get(0).path("package").asText()).isEqualTo("fast-json-helper");
    assertThat(doc.path("archives").get(0).path("verdict").asText()).isEqualTo("REFUSED");
    assertThat(doc.path("archives").get(1).path("package").asText()).isEqualTo("tidy-stats");
    assertThat(doc.path("archives").get(1).path("verdict").asText()).isEqualTo("APPROVED");
  }

  @Test
  void shouldSayAFolderHoldsNoArchiveInsteadOfThatItDoesNotExist() throws Exception {
    Path folder = Files.createDirectories(work.resolve("empty"));

    Result result = airlock("scan", folder.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("folder " + folder + " holds no archive").doesNotContain("does not exist");
  }

  @Test
  void shouldRefuseANameForSeveralArchives() {
    Result result = airlock("scan", clean.toString(), malicious.toString(), "--name", "tidy-stats");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--name is for one archive, and 2 are to be scanned");
  }

  @Test
  void shouldMarkWaivedFindingsAsWaivedInTheTableAndTheJson() throws Exception {
    Path policy = Files.writeString(work.resolve("policy.yaml"), """
        threshold: MEDIUM
        waivers:
          - package: fast-json-helper
            rule: AIRLOCK-DOWNLOAD-EXEC
            justification: reviewed (SEC-1)
            expires: 2027-01-31
        """);

    Result text = airlock("scan", malicious.toString(), "--policy", policy.toString());
    Result json = airlock("scan", malicious.toString(), "--policy", policy.toString(), "--format", "json");

    assertThat(text.out()).containsPattern("HIGH \\(waived\\) +AIRLOCK-DOWNLOAD-EXEC")
        .containsPattern("HIGH +AIRLOCK-PY-INSTALL-HOOK")
        .contains("would refuse: 2 blocking finding(s) (1 more waived)");
    JsonNode findings = JSON.readTree(json.out()).path("findings");
    assertThat(findings).anySatisfy(f -> {
      assertThat(f.path("rule").asText()).isEqualTo("AIRLOCK-DOWNLOAD-EXEC");
      assertThat(f.path("waived").asBoolean()).isTrue();
    });
    assertThat(findings).filteredOn(f -> !f.path("rule").asText().equals("AIRLOCK-DOWNLOAD-EXEC"))
        .isNotEmpty().allSatisfy(f -> assertThat(f.path("waived").asBoolean(true)).isFalse());
  }
}

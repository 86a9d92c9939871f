package dev.airlock.adapter.scan.sarif;

import static dev.airlock.archive.testing.TestArchives.charDevice;
import static dev.airlock.archive.testing.TestArchives.file;
import static dev.airlock.archive.testing.TestArchives.fifo;
import static dev.airlock.archive.testing.TestArchives.hardlink;
import static dev.airlock.archive.testing.TestArchives.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.archive.testing.TestArchives.Entry;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SARIF command scanner, running a real process: {@code java FakeSarifTool.java}, which plays
 * back the log ESLint wrote for the sample project (or misbehaves as asked).
 */
class SarifCommandScannerTest {
  private static final PackageRequest REQUEST = PackageRequest.builder()
      .name("left-pad-plus").url(URI.create("https://registry.npmjs.org/left-pad-plus/-/left-pad-plus-1.2.0.tgz"))
      .build();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final Path FAKE_TOOL = resource("FakeSarifTool.java");
  private static final Path ESLINT_LOG = resource("eslint-10.15.0.sarif");
  private static final Path SAMPLE_PROJECT = resource("sample-project");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path work;

  private Path workspaces;
  private final Map<String, String> environment = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    workspaces = Files.createDirectory(work.resolve("workspaces"));
    environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("a real ESLint log")
  class EslintLog {

    @Test
    void shouldReportEveryResultWithPackagePathsWhenTheToolExitsOneWithItsLog() throws Exception {
      // When: ESLint exits 1 because it found problems
      List<Finding> findings = scan(sampleArchive(), TIMEOUT, "--copy", ESLINT_LOG.toString(), "--exit", "1");

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::path, Finding::line)
          .containsExactly(
              tuple("security/detect-eval-with-expression", Severity.MEDIUM, Optional.of("package/index.js"), OptionalInt.of(12)),
              tuple("no-eval", Severity.HIGH, Optional.of("package/index.js"), OptionalInt.of(12)),
              tuple("security/detect-child-process", Severity.MEDIUM, Optional.of("package/index.js"), OptionalInt.of(16)),
              tuple("security/detect-non-literal-fs-filename", Severity.MEDIUM, Optional.of("package/index.js"), OptionalInt.of(20)),
              tuple("security/detect-non-literal-regexp", Severity.MEDIUM, Optional.of("package/lib/match.js"), OptionalInt.of(4)),
              tuple("security/detect-unsafe-regex", Severity.MEDIUM, Optional.of("package/lib/match.js"), OptionalInt.of(9)),
              tuple(SarifLogReader.UNANALYSED_FILE, Severity.HIGH, Optional.of("package/lib/legacy.js"), OptionalInt.of(5)));
      Finding childProcess = findings.get(2);
      assertThat(childProcess.title()).isEqualTo("Detects instances of \"child_process\" & non-literal \"exec()\" calls.");
      assertThat(childProcess.description()).isEqualTo("Found child_process.exec() with non Literal first argument");
      assertThat(childProcess.recommendation()).isEqualTo("See https://github.com/eslint-community/eslint-plugin-security"
          + "/blob/main/docs/rules/detect-child-process.md");
      assertThat(childProcess.scanner()).isEqualTo("sarif");
      assertThat(findings.get(6).description()).contains("Parsing error: Unexpected token");
      assertThat(findings).allSatisfy(f -> assertThat(f.toString()).doesNotContain(work.toString())
          .doesNotContain("airlock-sarif-"));
      assertThat(workspaces).isEmptyDirectory();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("unpacking")
  class Unpacking {

    @Test
    void shouldWriteOnlyRegularFilesOwnerOnlyWhenTheArchiveHoldsHostileEntries() throws Exception {
      // Given
      Path listing = work.resolve("listing.txt");
      Path archive = TestArchives.tarGz(work.resolve("hostile-1.0.tgz"),
          file("package/index.js", "module.exports = 1;\n"),
          file("package/../../escaped.js", "pwned\n"),
          file("/tmp/absolute-" + work.getFileName() + ".js", "pwned\n"),
          file("package\\..\\..\\backslash.js", "pwned\n"),
          symlink("package/link.js", "/etc/passwd"),
          hardlink("package/hard.js", "/etc/passwd"),
          fifo("package/pipe"),
          charDevice("package/tty"),
          file("package/lib/./util.js", "exports.u = 2;\n"));

      // When
      List<Finding> findings = scan(archive, TIMEOUT, "--list", listing.toString(), "--write", emptyLog());

      // Then: the tool ran in the tree and saw just the two plain files, owner-only
      assertThat(findings).isEmpty();
      assertThat(Files.readAllLines(listing)).containsExactly(
          "cwd true",
          "dir rwx------",
          "workspace rwx------",
          "file package/index.js rw-------",
          "file package/lib/util.js rw-------");
      assertThat(work.resolve("escaped.js")).doesNotExist();
      assertThat(workspaces.resolve("escaped.js")).doesNotExist();
      assertThat(Path.of("/tmp/absolute-" + work.getFileName() + ".js")).doesNotExist();
      assertThat(workspaces).isEmptyDirectory();
    }

    @Test
    void shouldReportACriticalFindingAndNotRunTheToolWhenTheArchivePassesTheLimits() throws Exception {
      // Given: at most two entries
      Path listing = work.resolve("listing.txt");
      SarifCommandScanner scanner = scanner(new ArchiveLimits(2, 1_000_000, 1_000_000), TIMEOUT,
          "--list", listing.toString(), "--write", emptyLog());
      Path archive = TestArchives.tarGz(work.resolve("many-1.0.tgz"),
          file("package/a.js", "1"), file("package/b.js", "2"), file("package/c.js", "3"));

      // When
      List<Finding> findings = scan(scanner, archive);

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple(SarifCommandScanner.UNPACK_LIMIT, Severity.CRITICAL));
      assertThat(listing).doesNotExist();
      assertThat(workspaces).isEmptyDirectory();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("the process")
  class TheProcess {

    @Test
    void shouldKillTheToolAndItsChildAndFailWhenItRunsPastTheTimeout() throws Exception {
      // Given: a tool (sh, which starts at once) that starts a child and waits for it; the child
      // leaves a mark only if it is allowed to finish its 300 s
      Path pids = work.resolve("pids.txt");
      Path finished = work.resolve("child-finished");
      SarifCommand command = new SarifCommand(List.of("sh", "-c",
          "sleep 300 && touch \"$2\" & echo \"$$ $!\" > \"$1\"; wait", "sh", pids.toString(), finished.toString(),
          "{output}"), Duration.ofSeconds(3));
      SarifCommandScanner scanner = new SarifCommandScanner(new ArchiveReader(ArchiveLimits.defaults()), command,
          environment, workspaces);

      // When
      assertThatThrownBy(() -> scan(scanner, sampleArchive()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("SARIF command 'sh' ran longer than PT3S on left-pad-plus-1.2.0.tgz and was stopped");

      // Then
      assertThat(finished).as("the child was stopped, not waited for").doesNotExist();
      assertThat(pids).as("the tool started its child before the timeout").exists();
      for (String pid : Files.readString(pids).strip().split(" ")) {
        assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)).as("process " + pid)
            .isNotEqualTo(Optional.of(true));
      }
      assertThat(workspaces).isEmptyDirectory();
    }

    @Test
    void shouldFailWithTheOutputTailWhenTheToolExitsNonZeroWithoutALog() throws Exception {
      // When / Then
      assertThatThrownBy(() -> scan(sampleArchive(), TIMEOUT, "--say", "Oops! Something went wrong: config missing",
          "--exit", "2"))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("exited with 2 on left-pad-plus-1.2.0.tgz, and no SARIF file was written")
          .hasMessageContaining("its output ended with: Oops! Something went wrong: config missing");
      assertThat(workspaces).isEmptyDirectory();
    }

    @Test
    void shouldFailWhenTheToolExitsZeroWithoutALog() throws Exception {
      // When / Then
      assertThatThrownBy(() -> scan(sampleArchive(), TIMEOUT, "--exit", "0"))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("exited with 0 on left-pad-plus-1.2.0.tgz, and no SARIF file was written");
    }

    @Test
    void shouldKeepOnlyAShortTailWhenTheToolPrintsMegabytes() throws Exception {
      // When: 8 MB of output, far past any pipe buffer, then exit 3 without a log
      assertThatThrownBy(() -> scan(sampleArchive(), TIMEOUT, "--noise", "8000000", "--say", "starting", "--exit", "3"))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("exited with 3")
          .hasMessageEndingWith("noise")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(ToolProcess.TAIL_BYTES + 400)
              .doesNotContain("starting"));
    }

    @Test
    void shouldHideSecretsFromTheToolWhenTheEnvironmentHoldsThem() throws Exception {
      // Given
      Path seen = work.resolve("env.txt");
      environment.put("LANG", "C.UTF-8");
      environment.put("AIRLOCK_GITHUB_TOKEN", "ghp_secretvalue1");
      environment.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEVALUE2");
      environment.put("AWS_SECRET_ACCESS_KEY", "secretvalue3");
      environment.put("AWS_SESSION_TOKEN", "secretvalue4");
      environment.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/secretvalue5");
      environment.put("NPM_TOKEN", "secretvalue6");

      // When
      scan(sampleArchive(), TIMEOUT, "--env", seen.toString(), "--write", emptyLog());

      // Then
      String env = Files.readString(seen);
      assertThat(env).contains("LANG=C.UTF-8").contains("PATH=").doesNotContain("secretvalue")
          .doesNotContain("AKIAEXAMPLE").doesNotContain("AIRLOCK_").doesNotContain("AWS_");
    }

    @Test
    void shouldFailNamingTheProgramWhenItCannotBeStarted() throws Exception {
      // Given
      SarifCommand missing = new SarifCommand(List.of(work.resolve("no-such-linter").toString(), "-o", "{output}"), TIMEOUT);
      SarifCommandScanner scanner = new SarifCommandScanner(new ArchiveReader(ArchiveLimits.defaults()), missing,
          environment, workspaces);

      // When / Then
      assertThatThrownBy(() -> scan(scanner, sampleArchive()))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("SARIF command 'no-such-linter' cannot be started")
          .hasMessageNotContaining("airlock-sarif-");
      assertThat(workspaces).isEmptyDirectory();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("reading the log")
  class ReadingTheLog {

    @Test
    void shouldFailWhenTheLogIsNotJson() throws Exception {
      assertThatThrownBy(() -> scan(sampleArchive(), TIMEOUT, "--write", "{\"version\": \"2.1.0\", \"runs\": [", "--exit", "0"))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("exited with 0")
          .hasMessageContaining("the SARIF file is not valid JSON");
    }

    @Test
    void shouldFailWhenTheLogIsNotSarifTwoOneZero() throws Exception {
      assertThatThrownBy(() -> scan(sampleArchive(), TIMEOUT, "--write", "{\"version\": \"1.0.0\", \"runLogs\": []}"))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("the SARIF version is '1.0.0', not 2.1.0");
    }

    @Test
    void shouldReturnNoFindingsWhenTheResultsArrayIsEmpty() throws Exception {
      assertThat(scan(sampleArchive(), TIMEOUT, "--write", emptyLog(), "--exit", "0")).isEmpty();
    }

    @Test
    void shouldFailWhenARunHasNoResultsArray() throws Exception {
      String log = """
          {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Linty"}}}]}""";
      assertThatThrownBy(() -> scan(sampleArchive(), TIMEOUT, "--write", log))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("Linty (run 1) reports no results array: it did not finish");
    }

    @Test
    void shouldFailWhenTheToolSaysItFailedWithoutNamingAFile() throws Exception {
      String log = """
          {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Linty"}}, "results": [],
            "invocations": [{"executionSuccessful": false, "toolExecutionNotifications": [
              {"level": "error", "message": {"text": "out of memory"}}]}]}]}""";
      assertThatThrownBy(() -> scan(sampleArchive(), TIMEOUT, "--write", log))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("Linty reports an error: out of memory");
    }

    @Test
    void shouldPreferSecuritySeverityToTheLevelWhenBothAreGiven() throws Exception {
      // Given: rule R7 carries 7.0; every other rule carries nothing
      String log = """
          {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Linty", "rules": [
              {"id": "R7", "properties": {"security-severity": "7.0"}},
              {"id": "DEF-ERROR", "defaultConfiguration": {"level": "error"}}]}},
            "results": [
              {"ruleId": "S91", "level": "note", "properties": {"security-severity": "9.1"}, "message": {"text": "a"}},
              {"ruleId": "R7", "ruleIndex": 0, "level": "note", "message": {"text": "b"}},
              {"ruleId": "S4", "level": "error", "properties": {"security-severity": 4}, "message": {"text": "c"}},
              {"ruleId": "S01", "properties": {"security-severity": "0.1"}, "message": {"text": "d"}},
              {"ruleId": "S0", "level": "error", "properties": {"security-severity": "0.0"}, "message": {"text": "e"}},
              {"ruleId": "BAD", "level": "note", "properties": {"security-severity": "high"}, "message": {"text": "f"}},
              {"ruleId": "L-ERROR", "level": "error", "message": {"text": "g"}},
              {"ruleId": "L-WARNING", "level": "warning", "message": {"text": "h"}},
              {"ruleId": "L-NOTE", "level": "note", "message": {"text": "i"}},
              {"ruleId": "L-NONE", "level": "none", "message": {"text": "j"}},
              {"ruleId": "DEF-ERROR", "message": {"text": "k"}},
              {"ruleId": "NO-LEVEL", "message": {"text": "l"}},
              {"ruleId": "REVIEW", "kind": "review", "message": {"text": "m"}},
              {"ruleId": "PASSED", "kind": "pass", "level": "error", "message": {"text": "n"}}]}]}""";

      // When
      List<Finding> findings = scan(sampleArchive(), TIMEOUT, "--write", log);

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity).containsExactly(
          tuple("S91", Severity.CRITICAL),
          tuple("R7", Severity.HIGH),
          tuple("S4", Severity.MEDIUM),
          tuple("S01", Severity.LOW),
          tuple("S0", Severity.INFO),
          tuple("BAD", Severity.LOW),
          tuple("L-ERROR", Severity.HIGH),
          tuple("L-WARNING", Severity.MEDIUM),
          tuple("L-NOTE", Severity.LOW),
          tuple("L-NONE", Severity.INFO),
          tuple("DEF-ERROR", Severity.HIGH),
          tuple("NO-LEVEL", Severity.MEDIUM),
          tuple("REVIEW", Severity.INFO));
    }

    @Test
    void shouldGivePathsInsideThePackageOnlyWhenTheLogUsesBaseIdsRelativeAndAbsoluteUris() throws Exception {
      // Given: file:///tmp/sarif-sample/ is moved to the unpacked tree by the fake tool
      String log = """
          {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Linty"}},
            "originalUriBaseIds": {"PROJECT": {"uri": "file:///tmp/sarif-sample/"}, "LIB": {"uri": "lib/", "uriBaseId": "PROJECT"}},
            "artifacts": [{"location": {"uri": "package/from-index.js", "uriBaseId": "%%SRCROOT%%"}}],
            "results": [
              %s,
              %s,
              %s,
              %s,
              %s,
              %s,
              %s,
              %s,
              %s]}]}""".formatted(
          result("SRCROOT", "{\"uri\": \"package/a%20b.js\", \"uriBaseId\": \"%SRCROOT%\"}"),
          result("BASE", "{\"uri\": \"package/x.js\", \"uriBaseId\": \"PROJECT\"}"),
          result("NESTED", "{\"uri\": \"y.js\", \"uriBaseId\": \"LIB\"}"),
          result("ABSOLUTE", "{\"uri\": \"file:///tmp/sarif-sample/package/z.js\"}"),
          result("RELATIVE", "{\"uri\": \"./package/./w.js\"}"),
          result("INDEX", "{\"index\": 0}"),
          result("OUTSIDE", "{\"uri\": \"file:///etc/passwd\"}"),
          result("CLIMBS", "{\"uri\": \"package/../../../etc/passwd\"}"),
          result("REMOTE", "{\"uri\": \"https://example.com/x.js\"}"));

      // When
      List<Finding> findings = scan(sampleArchive(), TIMEOUT, "--copy", writeLog(log));

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::path).containsExactly(
          tuple("SRCROOT", Optional.of("package/a b.js")),
          tuple("BASE", Optional.of("package/x.js")),
          tuple("NESTED", Optional.of("lib/y.js")),
          tuple("ABSOLUTE", Optional.of("package/z.js")),
          tuple("RELATIVE", Optional.of("package/w.js")),
          tuple("INDEX", Optional.of("package/from-index.js")),
          tuple("OUTSIDE", Optional.empty()),
          tuple("CLIMBS", Optional.empty()),
          tuple("REMOTE", Optional.empty()));
    }

    @Test
    void shouldCountEveryRunAndSuppressedResultsWhenTheLogHoldsSeveralRuns() throws Exception {
      String log = """
          {"version": "2.1.0", "runs": [
            {"tool": {"driver": {"name": "First"}}, "results": [{"ruleId": "ONE", "level": "error", "message": {"text": "1"}}]},
            {"tool": {"driver": {"name": "Second"}}, "results": [{"ruleId": "TWO", "level": "error", "message": {"text": "2"},
              "suppressions": [{"kind": "inSource"}]}]}]}""";

      // When
      List<Finding> findings = scan(sampleArchive(), TIMEOUT, "--write", log);

      // Then
      assertThat(findings).extracting(Finding::ruleId, Finding::severity)
          .containsExactly(tuple("ONE", Severity.HIGH), tuple("TWO", Severity.HIGH));
      assertThat(findings.get(1).description()).contains("suppressed; Airlock counts it anyway");
    }
  }

  @Test
  void shouldRefuseACommandWhenItDoesNotPassTheOutputPlaceholder() {
    assertThatThrownBy(() -> new SarifCommand(List.of("eslint", "--format", "sarif", "."), TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{output}");
  }

  // ---------------------------------------------------------------------------------------------

  private List<Finding> scan(Path archive, Duration timeout, String... toolArguments) throws Exception {
    return scan(scanner(ArchiveLimits.defaults(), timeout, toolArguments), archive);
  }

  private List<Finding> scan(SarifCommandScanner scanner, Path archive) throws Exception {
    try (InMemoryFetchedArtifact artifact = InMemoryFetchedArtifact.of(archive)) {
      return scanner.scan(REQUEST, artifact);
    }
  }

  private SarifCommandScanner scanner(ArchiveLimits limits, Duration timeout, String... toolArguments) {
    List<String> command = new ArrayList<>(List.of(JAVA.toString(), FAKE_TOOL.toString(),
        "--dir", "{dir}", "--output", "{output}"));
    command.addAll(List.of(toolArguments));
    return new SarifCommandScanner(new ArchiveReader(limits), new SarifCommand(command, timeout), environment,
        workspaces);
  }

  /** The sample project as {@code npm pack} would ship it. */
  private Path sampleArchive() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SAMPLE_PROJECT)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        entries.add(file(SAMPLE_PROJECT.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file)));
      }
    }
    return TestArchives.tarGz(work.resolve("left-pad-plus-1.2.0.tgz"), entries.toArray(Entry[]::new));
  }

  private String writeLog(String log) throws IOException {
    return Files.writeString(work.resolve("log-" + System.nanoTime() + ".sarif"), log).toString();
  }

  private static String emptyLog() {
    return "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"Linty\"}}, \"results\": []}]}";
  }

  private static String result(String ruleId, String artifactLocation) {
    return "{\"ruleId\": \"" + ruleId + "\", \"message\": {\"text\": \"m\"}, \"locations\": [{\"physicalLocation\": "
        + "{\"artifactLocation\": " + artifactLocation + "}}]}";
  }

  private static Path resource(String name) {
    try {
      return Path.of(SarifCommandScannerTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

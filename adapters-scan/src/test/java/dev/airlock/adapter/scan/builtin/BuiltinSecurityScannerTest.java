package dev.airlock.adapter.scan.builtin;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.application.port.PortException;
import dev.airlock.application.testing.InMemoryFetchedArtifact;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.scanner.BuiltinScanner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in scanner library behind the {@code SecurityScanner} port (its rules are tested in the scanner module). */
class BuiltinSecurityScannerTest {
  @TempDir
  Path temp;

  private final BuiltinSecurityScanner scanner = new BuiltinSecurityScanner(new BuiltinScanner());

  @Test
  void shouldJudgeTheRequestedNameAndTagFindingsBuiltinWhenScanningAFetchedArchive() throws Exception {
    // Given: a harmless archive requested under a name one typo from a popular package
    Path archive = TestArchives.tarGz(temp.resolve("reqeusts-1.0.tar.gz"), file("reqeusts-1.0/reqeusts/__init__.py",
        "x = 1\n"));

    // When
    List<Finding> findings = scanner.scan(request("reqeusts"), InMemoryFetchedArtifact.of(archive));

    // Then
    assertThat(scanner.id()).isEqualTo("builtin");
    assertThat(findings).extracting(Finding::ruleId, Finding::scanner)
        .containsExactly(tuple("AIRLOCK-TYPOSQUAT", "builtin"));
  }

  @Test
  void shouldFailTheScanNamingTheArchiveWhenItCannotBeRead() throws Exception {
    // Given
    Path text = Files.writeString(temp.resolve("demo.tar.gz"), "<html>not found</html>");

    // When / Then: nothing was inspected, so the scan fails (the service makes that an ERROR verdict)
    assertThatThrownBy(() -> scanner.scan(request("demo"), InMemoryFetchedArtifact.of(text)))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("archive demo.tar.gz cannot be read");
  }

  private static PackageRequest request(String name) {
    return PackageRequest.builder().name(name)
        .url(URI.create("https://files.pythonhosted.org/packages/" + name + "-1.0.tar.gz")).build();
  }
}

package dev.airlock.adapter.intake.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.airlock.application.port.PortException;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ParsedRequestFile;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the local request file: UTF-8 only, bounded, with clear errors that name the file. */
class CsvFileRequestSourceTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @TempDir
  Path temp;

  @Nested
  @DisplayName("reading")
  class Reading {

    @Test
    void shouldReadTheRequestsWhenAUtf8FileStartsWithAByteOrderMark() throws Exception {
      // Given
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(BOM);
      bytes.write(("requests,https://files.pythonhosted.org/packages/requests-2.31.0.tar.gz\r\n"
          + "# Zoë asked for this one\r\n"
          + "numpy,https://files.pythonhosted.org/packages/numpy-2.0.0.tar.gz," + "c0".repeat(32) + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
      Path file = Files.write(temp.resolve("requests.csv"), bytes.toByteArray());

      // When
      ParsedRequestFile parsed = new CsvFileRequestSource(file).load();

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(parsed.requests()).extracting(PackageRequest::name, PackageRequest::url).containsExactly(
          tuple("requests",
              URI.create("https://files.pythonhosted.org/packages/requests-2.31.0.tar.gz")),
          tuple("numpy",
              URI.create("https://files.pythonhosted.org/packages/numpy-2.0.0.tar.gz")));
      assertThat(parsed.requests().get(0).line()).hasValue(1);
      assertThat(parsed.requests().get(1).sha256()).hasValueSatisfying(s -> assertThat(s.hex()).isEqualTo("c0".repeat(32)));
    }

    @Test
    void shouldReadTheRequestsWhenTheFileIsExactlyTheMaximumSize() throws Exception {
      // Given
      byte[] content = new byte[(int) CsvFileRequestSource.MAX_BYTES];
      Arrays.fill(content, (byte) '\n');
      byte[] row = "demo,https://pypi.org/demo-1.0.tar.gz".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(row, 0, content, 0, row.length);
      Path file = Files.write(temp.resolve("big.csv"), content);

      // When
      ParsedRequestFile parsed = new CsvFileRequestSource(file).load();

      // Then
      assertThat(parsed.requests()).extracting(PackageRequest::name).containsExactly("demo");
    }

    @Test
    void shouldNameItsPathAndFolderWhenAskedToDescribeItself() {
      // Given
      Path file = temp.resolve("sub/requests.csv");

      // When
      CsvFileRequestSource source = new CsvFileRequestSource(file);

      // Then
      assertThat(source.describe()).isEqualTo(file.toString());
      assertThat(source.baseDirectory()).isEqualTo(temp.resolve("sub").toAbsolutePath());
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    void shouldMakeOnlyTheRowWithANonUtf8ByteAnErrorWhenTheRestOfTheFileIsFine() throws Exception {
      // Given: "caf\u00e9" in Latin-1 in a comment and in one row, between two good rows
      Path file = Files.write(temp.resolve("latin1.csv"), ("""
          good,https://pypi.org/good-1.0.tar.gz
          # caf\u00e9 notes
          demo,https://pypi.org/caf\u00e9.tar.gz
          other,https://pypi.org/other-2.0.tar.gz
          """).getBytes(StandardCharsets.ISO_8859_1));

      // When
      ParsedRequestFile parsed = new CsvFileRequestSource(file).load();

      // Then
      assertThat(parsed.requests()).extracting(PackageRequest::name).containsExactly("good", "other");
      assertThat(parsed.errors()).singleElement().satisfies(error -> {
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.message()).isEqualTo("byte 0xE9 at column 26 is not UTF-8; save the request file as UTF-8");
      });
    }

    @Test
    void shouldFailNamingTheFileWhenItDoesNotExist() {
      // Given
      Path missing = temp.resolve("nowhere/requests.csv");

      // When / Then
      assertThatThrownBy(() -> new CsvFileRequestSource(missing).load())
          .isInstanceOf(PortException.class)
          .hasMessage("request file " + missing + " does not exist");
    }

    @Test
    void shouldFailNamingTheFileWhenItIsAFolder() throws Exception {
      // Given
      Path folder = Files.createDirectories(temp.resolve("requests.csv"));

      // When / Then
      assertThatThrownBy(() -> new CsvFileRequestSource(folder).load())
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("request file " + folder + " cannot be read");
    }

    @Test
    void shouldFailNamingTheFileWhenItIsLargerThanTheLimit() throws Exception {
      // Given
      byte[] content = new byte[(int) CsvFileRequestSource.MAX_BYTES + 1];
      Arrays.fill(content, (byte) '\n');
      Path file = Files.write(temp.resolve("huge.csv"), content);

      // When / Then
      assertThatThrownBy(() -> new CsvFileRequestSource(file).load())
          .isInstanceOf(PortException.class)
          .hasMessage("request file " + file + " is larger than " + CsvFileRequestSource.MAX_BYTES
              + " bytes; split it");
    }
  }
}

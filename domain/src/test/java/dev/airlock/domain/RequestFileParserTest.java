package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RequestFileParser")
class RequestFileParserTest {

  private static final String REQUESTS_URL =
      "https://files.pythonhosted.org/packages/source/r/requests/requests-2.31.0.tar.gz";
  private static final String NUMPY_URL =
      "https://files.pythonhosted.org/packages/source/n/numpy/numpy-2.1.0.tar.gz";
  private static final String LODASH_URL = "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz";
  private static final String SHA =
      "942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1";

  private final RequestFileParser parser = new RequestFileParser();

  private static List<String> names(ParsedRequestFile parsed) {
    return parsed.requests().stream().map(PackageRequest::name).toList();
  }

  private static List<Integer> requestLines(ParsedRequestFile parsed) {
    return parsed.requests().stream().map(r -> r.line().getAsInt()).toList();
  }

  private static List<Integer> errorLines(ParsedRequestFile parsed) {
    return parsed.errors().stream().map(RowError::line).toList();
  }

  private static PackageRequest onlyRequest(ParsedRequestFile parsed) {
    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.requests()).hasSize(1);
    return parsed.requests().get(0);
  }

  /** Parses a file whose line 2 is {@code badRow} between two good rows, and returns line 2's error. */
  private RowError errorForBadRowBetweenGoodOnes(String badRow) {
    // Given
    String file = "requests," + REQUESTS_URL + "\n" + badRow + "\n" + "lodash," + LODASH_URL + "\n";

    // When
    ParsedRequestFile parsed = parser.parse(file);

    // Then
    assertThat(names(parsed)).containsExactly("requests", "lodash");
    assertThat(requestLines(parsed)).containsExactly(1, 3);
    assertThat(parsed.errors()).hasSize(1);
    RowError error = parsed.errors().get(0);
    assertThat(error.line()).isEqualTo(2);
    return error;
  }

  @Nested
  @DisplayName("reference format: name,url per line, no header")
  class ReferenceFormat {

    @Test
    void shouldReturnOneRequestPerRowWhenFileUsesReferenceFormat() {
      // Given
      String file = "requests," + REQUESTS_URL + "\nlodash," + LODASH_URL + "\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(parsed.requests()).hasSize(2);
      PackageRequest first = parsed.requests().get(0);
      assertThat(first.name()).isEqualTo("requests");
      assertThat(first.url()).isEqualTo(URI.create(REQUESTS_URL));
      assertThat(first.sha256()).isEmpty();
      assertThat(first.line()).isEqualTo(OptionalInt.of(1));
      assertThat(first.requester()).isEqualTo(Requester.unknown());
      PackageRequest second = parsed.requests().get(1);
      assertThat(second.name()).isEqualTo("lodash");
      assertThat(second.url()).isEqualTo(URI.create(LODASH_URL));
      assertThat(second.line()).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void shouldReadLastRowWhenFileHasNoTrailingNewline() {
      // Given
      String file = "requests," + REQUESTS_URL + "\nlodash," + LODASH_URL;

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(names(parsed)).containsExactly("requests", "lodash");
    }

    @Test
    void shouldTrimSpacesAroundFieldsWhenRowHasThem() {
      // Given
      String file = "  requests ,\t" + REQUESTS_URL + "  \n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.name()).isEqualTo("requests");
      assertThat(request.url()).isEqualTo(URI.create(REQUESTS_URL));
    }

    @Test
    void shouldReturnNothingWhenFileIsEmpty() {
      // Given
      String file = "";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.requests()).isEmpty();
      assertThat(parsed.errors()).isEmpty();
    }

    @Test
    void shouldAcceptFileUrlWhenRowPointsAtLocalArchive() {
      // Given
      String file = "thing,file:packages/thing-1.0.tar.gz\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.url()).isEqualTo(URI.create("file:packages/thing-1.0.tar.gz"));
    }
  }

  @Nested
  @DisplayName("comments and blank lines")
  class CommentsAndBlankLines {

    @Test
    void shouldSkipCommentsAndBlankLinesWhenFileHasThem() {
      // Given
      String file = String.join("\n",
          "# packages for the churn notebook",
          "",
          "requests," + REQUESTS_URL,
          "   ",
          "   # indented comment, with, commas",
          "\t",
          "lodash," + LODASH_URL,
          "");

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(names(parsed)).containsExactly("requests", "lodash");
      assertThat(requestLines(parsed)).containsExactly(3, 7);
    }

    @Test
    void shouldIgnoreNonAsciiTextWhenItIsInAComment() {
      // Given
      String file = "# café – requested by Zoë\nrequests," + REQUESTS_URL + "\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.line()).isEqualTo(OptionalInt.of(2));
    }
  }

  @Nested
  @DisplayName("optional third column: sha256")
  class Sha256Column {

    @Test
    void shouldPinDigestWhenThirdColumnHoldsLowerCaseHex() {
      // Given
      String file = "requests," + REQUESTS_URL + "," + SHA + "\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.sha256()).map(Sha256::hex).contains(SHA);
    }

    @Test
    void shouldNormaliseDigestToLowerCaseHexWhenThirdColumnIsUpperCaseWithPrefix() {
      // Given
      String file = "requests," + REQUESTS_URL + ",sha256:" + SHA.toUpperCase() + "\n"
          + "lodash," + LODASH_URL + ",SHA256:" + SHA.toUpperCase() + "\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(parsed.requests())
          .extracting(r -> r.sha256().map(Sha256::hex))
          .containsExactly(Optional.of(SHA), Optional.of(SHA));
    }

    @Test
    void shouldLeaveDigestEmptyWhenThirdColumnIsEmpty() {
      // Given
      String file = "requests," + REQUESTS_URL + ",\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.sha256()).isEmpty();
    }
  }

  @Nested
  @DisplayName("UTF-8 byte-order mark")
  class ByteOrderMark {

    @Test
    void shouldIgnoreByteOrderMarkWhenFileStartsWithIt() {
      // Given
      String file = "\uFEFFrequests," + REQUESTS_URL + "\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.name()).isEqualTo("requests");
      assertThat(request.line()).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void shouldSkipHeaderWhenByteOrderMarkPrecedesIt() {
      // Given
      String file = "\uFEFFname,url\nrequests," + REQUESTS_URL + "\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.name()).isEqualTo("requests");
      assertThat(request.line()).isEqualTo(OptionalInt.of(2));
    }
  }

  @Nested
  @DisplayName("line ends")
  class LineEnds {

    @Test
    void shouldSplitRowsWhenLinesEndWithCrLf() {
      // Given
      String file = "requests," + REQUESTS_URL + "\r\n\r\nlodash," + LODASH_URL + "\r\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(names(parsed)).containsExactly("requests", "lodash");
      assertThat(requestLines(parsed)).containsExactly(1, 3);
      assertThat(parsed.requests().get(1).url()).isEqualTo(URI.create(LODASH_URL));
    }

    @Test
    void shouldSplitRowsWhenLinesEndWithLoneCr() {
      // Given
      String file = "requests," + REQUESTS_URL + "\r# comment\rlodash," + LODASH_URL + "\r";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(names(parsed)).containsExactly("requests", "lodash");
      assertThat(requestLines(parsed)).containsExactly(1, 3);
      assertThat(parsed.requests().get(0).url()).isEqualTo(URI.create(REQUESTS_URL));
    }

    @Test
    void shouldCountLinesCorrectlyWhenLineEndsAreMixed() {
      // Given
      String file = "requests," + REQUESTS_URL + "\r\n" + "bad row\n" + "\r" + "lodash,ftp://x/y.tgz\r\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(requestLines(parsed)).containsExactly(1);
      assertThat(errorLines(parsed)).containsExactly(2, 4);
    }
  }

  @Nested
  @DisplayName("quoted fields")
  class QuotedFields {

    @Test
    void shouldUnquoteFieldsWhenTheyAreInDoubleQuotes() {
      // Given
      String file = "\"requests\", \"" + REQUESTS_URL + "\" ,\"" + SHA + "\"\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.name()).isEqualTo("requests");
      assertThat(request.url()).isEqualTo(URI.create(REQUESTS_URL));
      assertThat(request.sha256()).map(Sha256::hex).contains(SHA);
    }

    @Test
    void shouldKeepCommaInsideFieldWhenFieldIsQuoted() {
      // Given
      String url = "https://example.com/download/a,b/thing-1.0.tar.gz";
      String file = "thing,\"" + url + "\"\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.url()).isEqualTo(URI.create(url));
    }

    @Test
    void shouldReadDoubledQuoteAsOneQuoteWhenFieldIsQuoted() {
      // Given
      String line = "\"say \"\"hi\"\", twice\",\"\"\"\",plain";

      // When
      List<String> fields = RequestFileParser.splitFields(line);

      // Then
      assertThat(fields).containsExactly("say \"hi\", twice", "\"", "plain");
    }

    @Test
    void shouldReportQuotedUrlProblemWhenDoubledQuoteEndsUpInUrl() {
      // Given
      String badRow = "thing,\"https://example.com/a\"\"b.tgz\"";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 2 (url): not a valid URL");
    }

    @Test
    void shouldReportErrorWhenTextFollowsClosingQuote() {
      // Given
      String badRow = "\"requests\"x," + REQUESTS_URL;

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("after the quoted field").contains("column 11");
    }

    @Test
    void shouldReturnEmptyFieldsWhenLineHasOnlyCommas() {
      // Given
      String line = ",,";

      // When
      List<String> fields = RequestFileParser.splitFields(line);

      // Then
      assertThat(fields).containsExactly("", "", "");
    }
  }

  @Nested
  @DisplayName("header row")
  class HeaderRow {

    @Test
    void shouldSkipHeaderWhenFirstRowIsNameUrl() {
      // Given
      String file = "name,url\nrequests," + REQUESTS_URL + "\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.name()).isEqualTo("requests");
      assertThat(request.line()).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void shouldSkipHeaderWhenFirstRowIsNameUrlSha256InAnyCase() {
      // Given
      String file = "Name,URL,SHA256\r\nrequests," + REQUESTS_URL + "," + SHA + "\r\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.name()).isEqualTo("requests");
      assertThat(request.sha256()).map(Sha256::hex).contains(SHA);
    }

    @Test
    void shouldSkipHeaderWhenCommentsAndBlankLinesPrecedeIt() {
      // Given
      String file = "# approved list\n\nname,url,sha256\nrequests," + REQUESTS_URL + "\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.line()).isEqualTo(OptionalInt.of(4));
    }

    @Test
    void shouldReportHeaderAsErrorWhenItIsNotTheFirstDataRow() {
      // Given
      String file = "requests," + REQUESTS_URL + "\nname,url\nlodash," + LODASH_URL + "\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(names(parsed)).containsExactly("requests", "lodash");
      assertThat(parsed.errors()).hasSize(1);
      assertThat(parsed.errors().get(0).line()).isEqualTo(2);
      assertThat(parsed.errors().get(0).message()).startsWith("column 2 (url):");
    }
  }

  @Nested
  @DisplayName("per-row errors: bad rows are reported, good rows still returned")
  class RowErrors {

    @Test
    void shouldReportErrorWhenRowHasOnlyOneColumn() {
      // Given
      String badRow = "requests";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("expected name,url[,sha256]").contains("only one column");
    }

    @Test
    void shouldReportErrorWhenRowHasTooManyColumns() {
      // Given
      String badRow = "numpy," + NUMPY_URL + "," + SHA + ",extra";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("expected name,url[,sha256]").contains("4 columns");
    }

    @Test
    void shouldReportErrorWhenNameIsInvalid() {
      // Given
      String badRow = "-numpy/evil," + NUMPY_URL;

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 1 (name):");
    }

    @Test
    void shouldReportErrorWhenNameIsEmpty() {
      // Given
      String badRow = "," + NUMPY_URL;

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).isEqualTo("column 1 (name): package name is empty");
    }

    @Test
    void shouldReportErrorWhenUrlIsEmpty() {
      // Given
      String badRow = "numpy,  ";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).isEqualTo("column 2 (url): url is empty");
    }

    @Test
    void shouldReportErrorWhenUrlIsRelative() {
      // Given
      String badRow = "numpy,packages/numpy-2.1.0.tar.gz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 2 (url):").contains("absolute");
    }

    @Test
    void shouldReportErrorWhenUrlSchemeIsFtp() {
      // Given
      String badRow = "numpy,ftp://ftp.example.com/numpy-2.1.0.tar.gz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 2 (url):").contains("'ftp'").contains("not supported");
    }

    @Test
    void shouldReportErrorWithoutThePasswordWhenUrlCarriesCredentials() {
      // Given
      String badRow = "numpy,https://user:pw@host/x.tgz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 2 (url):").contains("credentials");
      assertThat(error.message()).doesNotContain("pw");
      assertThat(error.toString()).doesNotContain("pw");
    }

    @Test
    void shouldReportErrorWithoutTheTokenWhenUrlCarriesTokenAsUser() {
      // Given
      String badRow = "numpy,https://ghp_s3cr3tT0ken@github.com/o/r/archive/v1.0.tar.gz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("credentials").doesNotContain("s3cr3t");
    }

    @Test
    void shouldReportErrorWithoutThePasswordWhenColumnsAreSwappedAndUrlCarriesCredentials() {
      // Given: url and name swapped, so the URL with its password lands in the name column
      String badRow = "https://user:s3cr3t@host/x.tgz,numpy";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then: RowError promises "never the row's raw text"; above all no password in a log line
      assertThat(error.message()).startsWith("column 1 (name):");
      assertThat(error.message()).doesNotContain("s3cr3t");
      assertThat(error.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void shouldReportErrorWhenUrlHasNoHost() {
      // Given
      String badRow = "numpy,https:///numpy-2.1.0.tar.gz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).isEqualTo("column 2 (url): URL has no host");
    }

    @Test
    void shouldReportErrorWhenUrlIsNotAValidUri() {
      // Given
      String badRow = "numpy,https://example.com/a b.tgz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 2 (url): not a valid URL");
    }

    @Test
    void shouldReportErrorWhenUrlIsTooLong() {
      // Given
      String badRow = "numpy,https://example.com/" + "a".repeat(RequestFileParser.MAX_URL_LENGTH) + ".tgz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 2 (url): url is longer than 2048");
    }

    @Test
    void shouldReportErrorWhenSha256IsNotSixtyFourHexDigits() {
      // Given
      String badRow = "numpy," + NUMPY_URL + "," + SHA.substring(1) + "z";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).startsWith("column 3 (sha256):").contains("64 hex digits");
    }

    @Test
    void shouldReportErrorWhenQuoteIsNotClosed() {
      // Given
      String badRow = "numpy,\"" + NUMPY_URL;

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("not closed").contains("column 7");
    }

    @Test
    void shouldReportErrorWhenQuoteIsStray() {
      // Given
      String badRow = "num\"py," + NUMPY_URL;

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("stray double quote").contains("column 4");
    }

    @Test
    void shouldReportErrorWhenRowHoldsControlCharacter() {
      // Given
      String badRow = "numpy\u0007," + NUMPY_URL;

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("control character U+0007").contains("column 6");
    }

    @Test
    void shouldReportErrorWhenRowHoldsDeleteCharacter() {
      // Given
      String badRow = "numpy," + NUMPY_URL + "\u007f";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("control character U+007F");
    }

    @Test
    void shouldReportErrorNamingTheColumnWhenRowHoldsNonAsciiCharacter() {
      // Given
      String badRow = "numpé," + NUMPY_URL;

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("non-ASCII character U+00E9").contains("at column 5");
    }

    @Test
    void shouldReportNonAsciiLookalikeWhenUrlHostUsesCyrillicLetter() {
      // Given: a Cyrillic 'о' (U+043E) in place of the Latin 'o' of pythonhosted
      String badRow = "numpy,https://files.pythonh\u043Ested.org/numpy-2.1.0.tar.gz";

      // When
      RowError error = errorForBadRowBetweenGoodOnes(badRow);

      // Then
      assertThat(error.message()).contains("U+043E").contains("column 28");
    }

    @Test
    void shouldListEveryErrorInLineOrderWhenSeveralRowsAreBad() {
      // Given
      String file = String.join("\n",
          "requests," + REQUESTS_URL,
          "onlyname",
          "# comment",
          "numpy,ftp://example.com/numpy.tgz",
          "lodash," + LODASH_URL,
          "x,y,z,w");

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(names(parsed)).containsExactly("requests", "lodash");
      assertThat(errorLines(parsed)).containsExactly(2, 4, 6);
      assertThat(parsed.errors().get(1).toString()).startsWith("line 4: column 2 (url):");
    }
  }

  @Nested
  @DisplayName("duplicate package names")
  class Duplicates {

    @Test
    void shouldReportEachRowNamingTheOtherLineWhenSameNameHasDifferentUrls() {
      // Given
      String file = String.join("\n",
          "requests," + REQUESTS_URL,
          "lodash," + LODASH_URL,
          "requests,https://github.com/psf/requests/archive/refs/tags/v2.31.0.tar.gz");

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(names(parsed)).containsExactly("lodash");
      assertThat(errorLines(parsed)).containsExactly(1, 3);
      assertThat(parsed.errors().get(0).message()).contains("'requests'").contains("on line 3");
      assertThat(parsed.errors().get(1).message()).contains("'requests'").contains("on line 1");
    }

    @Test
    void shouldReportConflictWhenNamesDifferOnlyInNormalisation() {
      // Given
      String file = "Foo_Bar,https://example.com/foo-bar-1.0.tar.gz\n"
          + "foo-bar,https://example.com/foo-bar-2.0.tar.gz\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.requests()).isEmpty();
      assertThat(errorLines(parsed)).containsExactly(1, 2);
      assertThat(parsed.errors().get(0).message()).contains("'Foo_Bar'").contains("line 2");
      assertThat(parsed.errors().get(1).message()).contains("'foo-bar'").contains("line 1");
    }

    @Test
    void shouldReportConflictWhenSameNameAndUrlHaveDifferentDigests() {
      // Given
      String other = "0".repeat(64);
      String file = "requests," + REQUESTS_URL + "," + SHA + "\n"
          + "requests," + REQUESTS_URL + "," + other + "\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.requests()).isEmpty();
      assertThat(errorLines(parsed)).containsExactly(1, 2);
    }

    @Test
    void shouldNameAllOtherLinesWhenNameIsRequestedThreeTimes() {
      // Given
      String file = String.join("\n",
          "thing,https://example.com/thing-1.tar.gz",
          "thing,https://example.com/thing-2.tar.gz",
          "thing,https://example.com/thing-3.tar.gz");

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.requests()).isEmpty();
      assertThat(errorLines(parsed)).containsExactly(1, 2, 3);
      assertThat(parsed.errors().get(0).message()).contains("on lines 2, 3");
      assertThat(parsed.errors().get(1).message()).contains("on lines 1, 3");
      assertThat(parsed.errors().get(2).message()).contains("on lines 1, 2");
    }

    @Test
    void shouldKeepFirstRowOnceWithoutErrorWhenRowsAreExactDuplicates() {
      // Given
      String file = String.join("\n",
          "requests," + REQUESTS_URL,
          "lodash," + LODASH_URL,
          "requests," + REQUESTS_URL,
          "\"requests\", " + REQUESTS_URL + " ");

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(names(parsed)).containsExactly("requests", "lodash");
      assertThat(requestLines(parsed)).containsExactly(1, 2);
    }

    @Test
    void shouldKeepOneRowWhenDuplicateSha256DiffersOnlyInSpelling() {
      // Given
      String file = "requests," + REQUESTS_URL + "," + SHA + "\n"
          + "requests," + REQUESTS_URL + ",sha256:" + SHA.toUpperCase() + "\n";

      // When
      ParsedRequestFile parsed = parser.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(requestLines(parsed)).containsExactly(1);
    }
  }

  @Nested
  @DisplayName("limits on rows and characters")
  class Limits {

    @Test
    void shouldReportRowsBeyondTheLimitWhenFileHasTooManyRequests() {
      // Given
      RequestFileParser limited = new RequestFileParser(2, 10_000);
      String file = String.join("\n",
          "name,url",
          "# comment",
          "a,https://example.com/a-1.tgz",
          "",
          "b,https://example.com/b-1.tgz",
          "c,https://example.com/c-1.tgz",
          "d,https://example.com/d-1.tgz");

      // When
      ParsedRequestFile parsed = limited.parse(file);

      // Then
      assertThat(names(parsed)).containsExactly("a", "b");
      assertThat(errorLines(parsed)).containsExactly(6, 7);
      assertThat(parsed.errors().get(0).message()).contains("more than 2 requests");
    }

    @Test
    void shouldAcceptFileWhenRowCountEqualsTheLimit() {
      // Given
      RequestFileParser limited = new RequestFileParser(2, 10_000);
      String file = "a,https://example.com/a-1.tgz\nb,https://example.com/b-1.tgz\n";

      // When
      ParsedRequestFile parsed = limited.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(names(parsed)).containsExactly("a", "b");
    }

    @Test
    void shouldRejectWholeFileWhenItHasMoreCharactersThanTheLimit() {
      // Given
      String file = "requests," + REQUESTS_URL + "\n";
      RequestFileParser limited = new RequestFileParser(10, file.length() - 1);

      // When
      ParsedRequestFile parsed = limited.parse(file);

      // Then
      assertThat(parsed.requests()).isEmpty();
      assertThat(parsed.errors()).hasSize(1);
      assertThat(parsed.errors().get(0).line()).isZero();
      assertThat(parsed.errors().get(0).message()).contains("larger than " + (file.length() - 1));
      assertThat(parsed.errors().get(0).toString()).doesNotStartWith("line");
    }

    @Test
    void shouldAcceptFileWhenItHasExactlyTheCharacterLimit() {
      // Given
      String file = "requests," + REQUESTS_URL + "\n";
      RequestFileParser limited = new RequestFileParser(10, file.length());

      // When
      ParsedRequestFile parsed = limited.parse(file);

      // Then
      assertThat(parsed.errors()).isEmpty();
      assertThat(names(parsed)).containsExactly("requests");
    }

    @Test
    void shouldRefuseToBuildParserWhenLimitsAreNotPositive() {
      // Given / When / Then
      assertThatIllegalArgumentException().isThrownBy(() -> new RequestFileParser(0, 100));
      assertThatIllegalArgumentException().isThrownBy(() -> new RequestFileParser(100, 0));
    }

    @Test
    void shouldRejectRowFiveThousandAndOneWhenParserUsesDefaultLimits() {
      // Given
      StringBuilder file = new StringBuilder();
      for (int i = 1; i <= 5_001; i++) {
        file.append("p").append(i).append(",https://example.com/p").append(i).append("-1.0.tgz\n");
      }

      // When
      ParsedRequestFile parsed = new RequestFileParser().parse(file);

      // Then
      assertThat(parsed.requests()).hasSize(5_000);
      assertThat(errorLines(parsed)).containsExactly(5_001);
      assertThat(parsed.errors().get(0).message()).contains("more than 5000 requests");
    }
  }

  @Nested
  @DisplayName("normalised names")
  class NormalisedNames {

    @Test
    void shouldNormaliseNameButKeepTheSpellingWhenNameHasCapitalsAndSeparators() {
      // Given
      String file = "Foo_Bar.baz,https://example.com/Foo_Bar.baz-1.0.tar.gz\n";

      // When
      PackageRequest request = onlyRequest(parser.parse(file));

      // Then
      assertThat(request.name()).isEqualTo("Foo_Bar.baz");
      assertThat(request.normalisedName()).isEqualTo("foo-bar-baz");
      assertThat(request.key())
          .isEqualTo(RequestKey.of("foo-bar-baz", "https://example.com/Foo_Bar.baz-1.0.tar.gz"));
    }
  }

  @Nested
  @DisplayName("bytes that are not UTF-8")
  class Bytes {

    private byte[] latin1(String text) {
      return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldMakeTheRowWithTheBadByteAnErrorNamingItsLineAndColumnWhileTheOthersGoOn() {
      ParsedRequestFile parsed = new RequestFileParser().parse(latin1(
          "a,https://example.com/a-1.0.tar.gz\r\nb\u00e9,https://example.com/b-1.0.tar.gz\r\n"
              + "c,https://example.com/c-1.0.tar.gz\r\n"));

      assertThat(parsed.requests()).extracting(PackageRequest::name).containsExactly("a", "c");
      assertThat(parsed.requests()).extracting(r -> r.line().orElseThrow()).containsExactly(1, 3);
      assertThat(parsed.errors()).extracting(RowError::toString)
          .containsExactly("line 2: byte 0xE9 at column 2 is not UTF-8; save the request file as UTF-8");
    }

    @Test
    void shouldIgnoreABadByteInAComment() {
      ParsedRequestFile parsed = new RequestFileParser().parse(latin1(
          "# caf\u00e9 \u00a9 2026\n  # \u00ff\na,https://example.com/a-1.0.tar.gz\n"));

      assertThat(parsed.errors()).isEmpty();
      assertThat(parsed.requests()).extracting(PackageRequest::name).containsExactly("a");
    }

    @Test
    void shouldReadTheSameRowsFromBytesAsFromTextWhenTheFileIsUtf8WithAByteOrderMarkAndLoneCarriageReturns() {
      String text = "\uFEFF# requests\ra,https://example.com/a-1.0.tar.gz\r\n\nb,https://example.com/b-1.0.tar.gz";

      ParsedRequestFile fromBytes = new RequestFileParser().parse(text.getBytes(StandardCharsets.UTF_8));
      ParsedRequestFile fromText = new RequestFileParser().parse(text);

      assertThat(fromBytes).isEqualTo(fromText);
      assertThat(fromBytes.requests()).extracting(r -> r.line().orElseThrow()).containsExactly(2, 4);
    }
  }
}

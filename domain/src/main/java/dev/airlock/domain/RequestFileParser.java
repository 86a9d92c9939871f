package dev.airlock.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a request file: one {@code name,url[,sha256]} row per line, as in the AWS guidance (no
 * header). Also accepted: a UTF-8 byte-order mark, CRLF line ends, blank lines, {@code #}
 * comments, fields in double quotes ({@code ""} for a quote inside), and a header row
 * {@code name,url[,sha256]}. A row of one column names a release instead, resolved through the
 * registry with its dependency closure: {@code pandas==2.2.3} (PyPI, extras allowed:
 * {@code pandas[excel]==2.2.3}) or {@code npm:lodash@4.17.21} / {@code npm:@scope/name@1.2.3}. Neither
 * can be mistaken for the URL form, which always has two or three columns. Every bad row becomes a
 * {@link RowError} with its line number (and the column); the good rows are still returned.
 */
public final class RequestFileParser {
  /** Default maximum number of request rows in one file. */
  public static final int DEFAULT_MAX_ROWS = 5_000;
  /** Default maximum file size, in characters. */
  public static final int DEFAULT_MAX_CHARS = 2 * 1024 * 1024;
  /** Longest accepted URL. */
  public static final int MAX_URL_LENGTH = 2048;

  private static final Set<String> SCHEMES = Set.of("https", "http", "file");

  private final int maxRows;
  private final int maxChars;

  /** A parser with the default limits. */
  public RequestFileParser() {
    this(DEFAULT_MAX_ROWS, DEFAULT_MAX_CHARS);
  }

  /** A parser with its own limits on rows and characters. */
  public RequestFileParser(int maxRows, int maxChars) {
    if (maxRows < 1 || maxChars < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxRows = maxRows;
    this.maxChars = maxChars;
  }

  /** Parses the whole text of a request file. */
  public ParsedRequestFile parse(CharSequence content) {
    if (content.length() > maxChars) {
      return tooLarge();
    }
    String text = content.toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return parseLines(text.split("\r\n|\r|\n", -1), Map.of());
  }

  /**
   * Parses a request file's bytes as UTF-8, line by line: a byte that is not UTF-8 makes its own row
   * an error (with its line and column), never the whole file, and is ignored in a comment.
   */
  public ParsedRequestFile parse(byte[] content) {
    if (content.length > maxChars) {
      return tooLarge();
    }
    int start = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
        && (content[2] & 0xff) == 0xBF ? 3 : 0;
    List<String> lines = new ArrayList<>();
    Map<Integer, String> undecodable = new LinkedHashMap<>();
    int lineStart = start;
    for (int i = start; i <= content.length; i++) {
      boolean end = i == content.length;
      if (end || content[i] == '\n' || content[i] == '\r') {
        lines.add(decodeLine(content, lineStart, i, lines.size() + 1, undecodable));
        if (!end && content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
          i++;
        }
        lineStart = i + 1;
      }
    }
    return parseLines(lines.toArray(String[]::new), undecodable);
  }

  /** One line's text; a line that is not UTF-8 is decoded with replacement characters and noted in {@code undecodable}. */
  private static String decodeLine(byte[] content, int from, int to, int lineNumber, Map<Integer, String> undecodable) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content, from, to - from);
    CharBuffer out = CharBuffer.allocate(to - from);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      decoder.flush(out);
      return out.flip().toString();
    }
    undecodable.put(lineNumber, String.format(Locale.ROOT,
        "byte 0x%02X at column %d is not UTF-8; save the request file as UTF-8", content[in.position()] & 0xff,
        out.position() + 1));
    return new String(content, from, to - from, StandardCharsets.UTF_8);
  }

  private ParsedRequestFile tooLarge() {
    return ParsedRequestFile.builder()
        .addErrors(RowError.of(0, "request file is larger than " + maxChars + " characters; split it"))
        .build();
  }

  private ParsedRequestFile parseLines(String[] lines, Map<Integer, String> undecodable) {
    var result = ParsedRequestFile.builder();
    List<Row> rows = new ArrayList<>();
    List<ReleaseRow> releases = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    boolean firstDataRow = true;
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      boolean headerCandidate = firstDataRow;
      firstDataRow = false;
      if (undecodable.containsKey(lineNumber)) {
        errors.add(RowError.of(lineNumber, undecodable.get(lineNumber)));
        continue;
      }
      Optional<String> badCharacter = badCharacter(line);
      if (badCharacter.isPresent()) {
        errors.add(RowError.of(lineNumber, badCharacter.get()));
        continue;
      }
      List<String> fields;
      try {
        fields = splitFields(line);
      } catch (IllegalArgumentException e) {
        errors.add(RowError.of(lineNumber, e.getMessage()));
        continue;
      }
      if (headerCandidate && isHeader(fields)) {
        continue;
      }
      if (rows.size() + releases.size() >= maxRows) {
        errors.add(RowError.of(lineNumber, "more than " + maxRows + " requests in one file; split it"));
        continue;
      }
      if (fields.size() == 1 && looksLikeRelease(fields.get(0))) {
        int column = line.indexOf(fields.get(0)) + 1;
        try {
          releases.add(new ReleaseRow(lineNumber, readRelease(fields.get(0), column, lineNumber)));
        } catch (IllegalArgumentException e) {
          errors.add(RowError.of(lineNumber, e.getMessage()));
        }
        continue;
      }
      String problem = rowProblem(fields);
      if (problem != null) {
        errors.add(RowError.of(lineNumber, problem));
        continue;
      }
      rows.add(readRow(lineNumber, fields));
    }
    List<Row> accepted = dropDuplicates(rows, errors);
    accepted.forEach(row -> result.addRequests(row.request));
    dropDuplicateReleases(releases, errors).forEach(row -> result.addReleases(row.release));
    errors.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return result.addAllErrors(errors).build();
  }

  /** A one-column row that names a release: {@code npm:...}, or a Python requirement with {@code ==}/{@code @}. */
  private static boolean looksLikeRelease(String field) {
    return field.startsWith("npm:") || field.startsWith("pypi:") || field.matches("[^:/]*[=<>~!@].*");
  }

  /** Reads a release row; @throws IllegalArgumentException naming the column */
  private static ReleaseRequest readRelease(String field, int column, int line) {
    var builder = ReleaseRequest.builder().line(line);
    if (field.startsWith("npm:")) {
      String spec = field.substring(4);
      int at = spec.lastIndexOf('@');
      if (at <= 0) {
        throw new IllegalArgumentException("column " + column + ": expected npm:name@version, e.g. npm:lodash@4.17.21");
      }
      String name = spec.substring(0, at);
      String version = spec.substring(at + 1);
      if (!NpmNames.isValidName(name)) {
        throw new IllegalArgumentException("column " + (column + 4) + ": '" + name + "' is not an npm package name");
      }
      if (!NpmNames.isValidVersion(version)) {
        throw new IllegalArgumentException("column " + (column + 4 + at + 1) + ": '" + version
            + "' is not an exact version; pin one, e.g. npm:" + name + "@1.2.3");
      }
      return builder.ecosystem(ReleaseRequest.Ecosystem.NPM).name(name).version(version).build();
    }
    String spec = field.startsWith("pypi:") ? field.substring(5) : field;
    int offset = column + (field.length() - spec.length());
    int pin = spec.indexOf("==");
    if (pin < 0 || spec.startsWith("===", pin)) {
      int op = firstOperator(spec);
      throw new IllegalArgumentException("column " + (offset + op) + ": pin one release with ==, e.g. pandas==2.2.3"
          + (spec.contains("@") ? " (a URL needs the name,url form)" : ""));
    }
    String head = spec.substring(0, pin).strip();
    String version = spec.substring(pin + 2).strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\\[([^\\]]*)\\])?")
        .matcher(head);
    if (!m.matches() || !PythonFileNames.isValidProjectName(m.group(1))) {
      throw new IllegalArgumentException("column " + offset + ": '" + head + "' is not a Python project name");
    }
    if (!PythonVersions.isValid(version) || version.contains(",") || version.contains("*")) {
      throw new IllegalArgumentException("column " + (offset + pin + 2) + ": '" + version
          + "' is not one exact PEP 440 version");
    }
    if (m.group(2) != null) {
      for (String extra : m.group(2).split(",", 0)) {
        if (!PythonFileNames.isValidProjectName(extra.strip())) {
          throw new IllegalArgumentException("column " + (offset + head.indexOf('[') + 1) + ": extra '"
              + extra.strip() + "' is not a valid name");
        }
        builder.addExtras(PackageNames.normalise(extra.strip()));
      }
    }
    return builder.ecosystem(ReleaseRequest.Ecosystem.PYPI).name(m.group(1)).version(version).build();
  }

  private static int firstOperator(String spec) {
    for (int i = 0; i < spec.length(); i++) {
      if ("=<>~!@".indexOf(spec.charAt(i)) >= 0) {
        return i;
      }
    }
    return 0;
  }

  /** Keeps the first of identical release rows; the same project pinned to two versions is an error on each. */
  private static List<ReleaseRow> dropDuplicateReleases(List<ReleaseRow> rows, List<RowError> errors) {
    Map<String, List<ReleaseRow>> byName = new LinkedHashMap<>();
    for (ReleaseRow row : rows) {
      byName.computeIfAbsent(row.release.ecosystem() + ":" + row.release.normalisedName(), k -> new ArrayList<>())
          .add(row);
    }
    List<ReleaseRow> accepted = new ArrayList<>();
    for (List<ReleaseRow> same : byName.values()) {
      ReleaseRow first = same.get(0);
      boolean conflicting = same.stream().anyMatch(r -> !r.release.version().equals(first.release.version())
          || !r.release.extras().equals(first.release.extras()));
      if (!conflicting) {
        accepted.add(first);
        continue;
      }
      for (ReleaseRow row : same) {
        Set<Integer> others = new TreeSet<>();
        same.stream().filter(r -> r.line != row.line).forEach(r -> others.add(r.line));
        errors.add(RowError.of(row.line, "package '" + row.release.name()
            + "' is also requested as another release on line" + (others.size() > 1 ? "s " : " ")
            + joined(others) + "; keep one row per package"));
      }
    }
    return accepted;
  }

  private static Row readRow(int line, List<String> fields) {
    var builder = PackageRequest.builder()
        .name(fields.get(0))
        .url(URI.create(fields.get(1)))
        .line(line);
    if (fields.size() == 3 && !fields.get(2).isEmpty()) {
      builder.sha256(Sha256.of(fields.get(2)));
    }
    return new Row(line, builder.build());
  }

  /** Why a row's fields are not a request, or null when they are. */
  private static String rowProblem(List<String> fields) {
    if (fields.size() < 2) {
      return "expected name,url[,sha256], name==version or npm:name@version but found only one column";
    }
    if (fields.size() > 3) {
      return "expected name,url[,sha256] but found " + fields.size() + " columns";
    }
    Optional<String> nameProblem = PackageNames.problem(fields.get(0));
    if (nameProblem.isPresent()) {
      return "column 1 (name): " + nameProblem.get();
    }
    String urlProblem = urlProblem(fields.get(1));
    if (urlProblem != null) {
      return "column 2 (url): " + urlProblem;
    }
    if (fields.size() == 3 && !fields.get(2).isEmpty()) {
      try {
        Sha256.of(fields.get(2));
      } catch (IllegalArgumentException e) {
        return "column 3 (sha256): " + e.getMessage();
      }
    }
    return null;
  }

  private static String urlProblem(String url) {
    if (url.isEmpty()) {
      return "url is empty";
    }
    if (url.length() > MAX_URL_LENGTH) {
      return "url is longer than " + MAX_URL_LENGTH + " characters";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")";
    }
    if (!uri.isAbsolute()) {
      return "URL must be absolute, e.g. https://files.pythonhosted.org/...";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      return "scheme '" + uri.getScheme() + "' is not supported; use https";
    }
    if (scheme.equals("file")) {
      return uri.getRawAuthority() == null ? null
          : "file: URLs name a path only (file:packages/x.tar.gz), not a host";
    }
    if (uri.getRawUserInfo() != null) {
      return "URL must not carry credentials (user:password@)";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "URL has no host";
    }
    return null;
  }

  private static boolean isHeader(List<String> fields) {
    return fields.size() >= 2
        && fields.get(0).equalsIgnoreCase("name")
        && Set.of("url", "archive-url", "archive_url").contains(fields.get(1).toLowerCase(Locale.ROOT));
  }

  private static Optional<String> badCharacter(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        continue;
      }
      if (c < 0x20 || c == 0x7f) {
        return Optional.of(String.format(Locale.ROOT, "control character U+%04X at column %d", (int) c, i + 1));
      }
      if (c > 0x7e) {
        return Optional.of(String.format(Locale.ROOT,
            "non-ASCII character U+%04X at column %d; names and URLs must be ASCII", (int) c, i + 1));
      }
    }
    return Optional.empty();
  }

  /** Splits one line into trimmed fields; double-quoted fields may hold commas and "" for a quote. */
  static List<String> splitFields(String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      StringBuilder field = new StringBuilder();
      if (i < n && line.charAt(i) == '"') {
        int column = i + 1;
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < n && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            closed = true;
            i++;
            break;
          }
          field.append(c);
          i++;
        }
        if (!closed) {
          throw new IllegalArgumentException("quoted field starting at column " + column + " is not closed");
        }
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw new IllegalArgumentException("unexpected text after the quoted field at column " + (i + 1));
        }
        fields.add(field.toString().strip());
      } else {
        while (i < n && line.charAt(i) != ',') {
          if (line.charAt(i) == '"') {
            throw new IllegalArgumentException(
                "stray double quote at column " + (i + 1) + "; quote the whole field");
          }
          field.append(line.charAt(i));
          i++;
        }
        fields.add(field.toString().strip());
      }
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }

  /**
   * Keeps the first of identical rows; a name requested from two different places (URL or pinned
   * digest) is ambiguous, so every row of that name becomes an error.
   */
  private static List<Row> dropDuplicates(List<Row> rows, List<RowError> errors) {
    Map<String, List<Row>> byName = new LinkedHashMap<>();
    for (Row row : rows) {
      byName.computeIfAbsent(row.request.normalisedName(), k -> new ArrayList<>()).add(row);
    }
    List<Row> accepted = new ArrayList<>();
    for (List<Row> same : byName.values()) {
      Row first = same.get(0);
      boolean conflicting = same.stream().anyMatch(r -> !r.request.url().equals(first.request.url())
          || !r.request.sha256().equals(first.request.sha256()));
      if (!conflicting) {
        accepted.add(first);
        continue;
      }
      for (Row row : same) {
        Set<Integer> others = new TreeSet<>();
        same.stream().filter(r -> r.line != row.line).forEach(r -> others.add(r.line));
        errors.add(RowError.of(row.line, "package '" + row.request.name()
            + "' is also requested with a different URL or sha256 on line"
            + (others.size() > 1 ? "s " : " ") + joined(others) + "; keep one row per package"));
      }
    }
    accepted.sort((a, b) -> Integer.compare(a.line, b.line));
    return accepted;
  }

  private static String joined(Set<Integer> lines) {
    StringBuilder s = new StringBuilder();
    for (Integer line : lines) {
      if (!s.isEmpty()) {
        s.append(", ");
      }
      s.append(line);
    }
    return s.toString();
  }

  private record Row(int line, PackageRequest request) {}

  private record ReleaseRow(int line, ReleaseRequest release) {}
}

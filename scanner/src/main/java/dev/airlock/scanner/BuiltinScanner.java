package dev.airlock.scanner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.archive.ArchiveItem;
import dev.airlock.archive.ArchiveLimitException;
import dev.airlock.archive.ArchiveLimits;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.archive.ArchiveSource;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import dev.airlock.scanner.RuleSet.Condition;
import dev.airlock.scanner.RuleSet.Rule;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Airlock's offline scanner: reads archive entries as streams (nothing is extracted), runs the
 * pattern rules of {@link RuleSet} over Python, npm and shell files, and adds the coded checks:
 * unsafe archive entries, npm install scripts and URL dependencies, bundled executables and
 * typosquatted names.
 *
 * <p>A plain library: {@code new BuiltinScanner().scan("requests", Path.of("requests-2.31.0.tar.gz"))}
 * returns the findings; deciding what they mean (a policy) is the caller's business.
 */
public final class BuiltinScanner {
  /** The scanner's id. */
  public static final String ID = "builtin";
  /** Longest prefix of package.json kept whole to be parsed. */
  static final int MAX_KEPT_CHARS = 2 * 1024 * 1024;
  private static final int SNIFF_BYTES = 8192;

  static final String PATH_ESCAPE = "AIRLOCK-ARCHIVE-PATH-ESCAPE";
  static final String LINK = "AIRLOCK-ARCHIVE-LINK";
  static final String DEVICE = "AIRLOCK-ARCHIVE-DEVICE";
  static final String DUPLICATE = "AIRLOCK-ARCHIVE-DUPLICATE";
  static final String NESTED = "AIRLOCK-ARCHIVE-NESTED";
  static final String BOMB = "AIRLOCK-ARCHIVE-LIMIT";
  static final String BINARY = "AIRLOCK-BUNDLED-BINARY";
  static final String TYPOSQUAT = "AIRLOCK-TYPOSQUAT";
  static final String ENCODED_PAYLOAD = "AIRLOCK-ENCODED-PAYLOAD";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArchiveReader reader;
  private final RuleSet rules;
  private final Typosquats typosquats;

  /** The built-in rules, reading archives within {@link ArchiveLimits#defaults()}. */
  public BuiltinScanner() {
    this(new ArchiveReader(ArchiveLimits.defaults()));
  }

  /** The built-in rules, reading archives with {@code reader} (and so within its limits). */
  public BuiltinScanner(ArchiveReader reader) {
    this(reader, RuleSet.builtin(), Typosquats.builtin());
  }

  BuiltinScanner(ArchiveReader reader, RuleSet rules, Typosquats typosquats) {
    this.reader = reader;
    this.rules = rules;
    this.typosquats = typosquats;
  }

  /** What one scan learns about the archive as a whole while reading its entries. */
  private static final class ArchiveState {
    final List<Finding> findings = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    final List<String> executables = new ArrayList<>();
    final List<String> nativeLibraries = new ArrayList<>();
    boolean npm;
    boolean platformSpecific;
  }

  /**
   * The findings for the archive in the local file {@code archive}, requested as {@code packageName}.
   *
   * @throws IOException when the archive cannot be read (damaged, or not an archive): nothing was inspected
   */
  public List<Finding> scan(String packageName, Path archive) throws IOException {
    return scan(packageName, ArchiveSource.of(archive));
  }

  /**
   * The findings for {@code artifact}, requested as {@code packageName} (the name typosquats are judged by).
   * An archive that passes a limit is a finding ({@code AIRLOCK-ARCHIVE-LIMIT}), not an error.
   *
   * @throws IOException when the archive cannot be read (damaged, or not an archive): nothing was inspected
   */
  public List<Finding> scan(String packageName, ArchiveSource artifact) throws IOException {
    ArchiveState state = new ArchiveState();
    String fileName = artifact.fileName().toLowerCase(Locale.ROOT);
    state.platformSpecific = fileName.endsWith(".whl") && !fileName.endsWith("-any.whl");
    try {
      reader.read(artifact, (item, content) -> {
        checkDuplicate(item, state);
        inspect(item, content, state);
      });
    } catch (ArchiveLimitException e) {
      state.findings.add(coded(BOMB, null, 0, "Reading the archive went past a limit: " + e.getMessage() + "."));
    } catch (IOException e) {
      throw new IOException("archive " + artifact.fileName() + " cannot be read: " + e.getMessage(), e);
    }
    reportBinaries(state);
    typosquats.imitated(packageName, state.npm ? Typosquats.Ecosystem.NPM : Typosquats.Ecosystem.PYPI)
        .ifPresent(popular -> state.findings.add(coded(TYPOSQUAT, null, 0, "The name '" + packageName
            + "' is very close to the popular package '" + popular + "'.")));
    return List.copyOf(state.findings);
  }

  /** A second entry with the same path replaces the first on extraction: what was scanned is not what lands. */
  private void checkDuplicate(ArchiveItem item, ArchiveState state) {
    if (item.type() == ArchiveItem.Type.DIRECTORY) {
      return;
    }
    String path = item.name().replace('\\', '/').replaceAll("/{2,}", "/").replaceFirst("^(\\./)+", "");
    // Demo/a.py and demo/a.py are one file on Windows and macOS
    if (!state.seen.add(path.toLowerCase(Locale.ROOT))) {
      state.findings.add(coded(DUPLICATE, item.name(), 0, "Entry '" + item.name() + "' appears more than once."));
    }
  }

  private void inspect(ArchiveItem item, InputStream content, ArchiveState state) throws IOException {
    String name = item.name();
    String escape = ArchivePaths.escapeProblem(name);
    if (escape != null) {
      state.findings.add(coded(PATH_ESCAPE, name, 0, "Entry '" + name + "' " + escape + "."));
    }
    switch (item.type()) {
      case SYMLINK, HARDLINK -> state.findings.add(coded(LINK, name, 0, "Entry '" + name + "' is a "
          + (item.type() == ArchiveItem.Type.SYMLINK ? "symbolic" : "hard") + " link to '"
          + item.linkTarget().orElse("?") + "'."));
      case DEVICE -> state.findings.add(coded(DEVICE, name, 0, "Entry '" + name + "' is a device file or FIFO."));
      case NESTED_ARCHIVE -> state.findings.add(coded(NESTED, name, 0, "Entry '" + name
          + "' is an archive inside archives deeper than Airlock opens; its content was not inspected."));
      case FILE -> inspectFile(name, content, state);
      default -> { }
    }
  }

  private void inspectFile(String name, InputStream content, ArchiveState state) throws IOException {
    if (FileKinds.isRepeatOfCode(name)) {
      return;
    }
    BufferedInputStream in = new BufferedInputStream(content, SNIFF_BYTES);
    in.mark(SNIFF_BYTES);
    byte[] head = in.readNBytes(SNIFF_BYTES);
    in.reset();
    // a script without a known extension (bin/install) is read as the language its #! line names
    String kindName = name + FileKinds.shebangExtension(name, head);
    boolean manifest = FileKinds.matches("package-json", name);
    List<Rule> applicable = new ArrayList<>();
    BitSet wanted = new BitSet();
    for (Rule rule : rules.rules()) {
      if (!rule.coded() && rule.files().stream()
          .anyMatch(kind -> FileKinds.matches(kind, name) || FileKinds.matches(kind, kindName))) {
        applicable.add(rule);
        rule.when().forEach(c -> wanted.set(c.index()));
      }
    }
    // Windows tools save text as UTF-16 behind a byte order mark: NUL bytes, yet text to read
    boolean utf16 = head.length >= 2 && ((head[0] == (byte) 0xff && head[1] == (byte) 0xfe)
        || (head[0] == (byte) 0xfe && head[1] == (byte) 0xff));
    if (!utf16 && isBinary(head)) {
      noteBinary(name, head, state);
      if (!isCode(kindName)) {
        return; // data, not text: a NUL byte must not hide a script, so code is read anyway
      }
    }
    if (applicable.isEmpty() && !manifest) {
      return;
    }
    Reader text = new InputStreamReader(in, (utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8).newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    boolean decode = FileKinds.matches("python", kindName) || FileKinds.matches("setup-py", kindName)
        || FileKinds.matches("pth", kindName) || FileKinds.matches("shell", kindName);
    TextScan.Result result = TextScan.scan(text, rules.conditions(), rules.hints(), wanted,
        manifest ? MAX_KEPT_CHARS : 0, decode);
    if (result.encodedPayload() != null) {
      String shown = result.encodedPayload().strip().replaceAll("\\s+", " ");
      state.findings.add(coded(ENCODED_PAYLOAD, name, result.encodedPayloadLine(), "A base64 string decodes to '"
          + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown) + "'."));
    }
    // only JavaScript is shipped minified: a Python or shell file in dist/ or with long lines is read as written
    boolean bundle = FileKinds.matches("javascript", kindName)
        && (FileKinds.isBundlePath(name) || result.looksMinified());
    Map<String, Finding> strongest = new LinkedHashMap<>();
    for (Rule rule : applicable) {
      if (!rule.when().stream().allMatch(result::matched)) {
        continue;
      }
      Severity severity = bundle ? rule.bundleSeverity().orElse(rule.severity()) : rule.severity();
      Condition first = rule.when().get(0);
      Finding finding = finding(rule.id(), rule.title(), severity, name, result.firstLine()[first.index()],
          rule.description() + (bundle && rule.bundleSeverity().isPresent() ? " (Inside a minified bundle.)" : ""),
          rule.recommendation());
      Finding before = strongest.get(rule.id());
      if (before == null || severity.compareTo(before.severity()) > 0) {
        strongest.put(rule.id(), finding);
      }
    }
    state.findings.addAll(strongest.values());
    if (manifest && result.chars() > MAX_KEPT_CHARS) {
      // only the first part was kept: install scripts past it would go unseen, so the file is not passed
      state.findings.add(coded(BOMB, name, 0, "package.json has " + result.chars() + " characters, more than the "
          + MAX_KEPT_CHARS + " Airlock reads whole to check install scripts and dependencies."));
      return;
    }
    if (manifest && result.kept() != null) {
      if (name.replace('\\', '/').equals("package/package.json")) {
        state.npm = true;
        state.platformSpecific |= declaresPlatform(result.kept());
      }
      for (NpmManifest.Hit hit : NpmManifest.check(result.kept())) {
        Rule rule = rules.rule(hit.ruleId());
        state.findings.add(finding(hit.ruleId(), hit.title(), hit.severity(), name, hit.line(), hit.detail(),
            hit.severity() == Severity.LOW ? "No action needed unless other findings point at the same package."
                : rule.recommendation()));
      }
    }
  }

  /** npm's "os"/"cpu" fields mark a package built for one platform, like a platform wheel. */
  private static boolean declaresPlatform(String packageJson) {
    try {
      JsonNode root = JSON.readTree(packageJson);
      return root != null && (root.has("os") || root.has("cpu"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void noteBinary(String name, byte[] head, ArchiveState state) {
    if (!isExecutableFormat(head)) {
      return;
    }
    String base = FileKinds.baseName(name);
    boolean library = base.matches(".*\\.(?:so(?:\\.[\\d.]+)?|pyd|node|dylib|dll|a|o|bare)$");
    (library ? state.nativeLibraries : state.executables).add(name);
  }

  private void reportBinaries(ArchiveState state) {
    if (!state.executables.isEmpty()) {
      // npm packages commonly ship prebuilt tools (and platform packages declare os/cpu); PyPI
      // sources and pure wheels should not carry programs at all.
      Severity severity = state.platformSpecific || state.npm ? Severity.LOW : Severity.MEDIUM;
      state.findings.add(binaryFinding(severity, state.executables, "executable"));
    }
    if (!state.nativeLibraries.isEmpty()) {
      state.findings.add(binaryFinding(Severity.LOW, state.nativeLibraries, "native library"));
    }
  }

  private Finding binaryFinding(Severity severity, List<String> paths, String what) {
    Rule rule = rules.rule(BINARY);
    String more = paths.size() > 1 ? " and " + (paths.size() - 1) + " more" : "";
    return finding(BINARY, severity == Severity.MEDIUM ? rule.title() : "Package ships a " + what, severity,
        paths.get(0), 0, "The package carries a compiled " + what + " (" + paths.get(0) + more + "). "
            + rule.description(), rule.recommendation());
  }

  /** ELF, Windows PE (MZ) or Mach-O (thin or fat) magic. */
  private static boolean isExecutableFormat(byte[] head) {
    if (head.length < 4) {
      return false;
    }
    int b0 = head[0] & 0xff;
    int b1 = head[1] & 0xff;
    int b2 = head[2] & 0xff;
    int b3 = head[3] & 0xff;
    boolean elf = b0 == 0x7f && b1 == 'E' && b2 == 'L' && b3 == 'F';
    boolean pe = b0 == 'M' && b1 == 'Z';
    boolean machO = (b0 == 0xfe && b1 == 0xed && b2 == 0xfa && (b3 == 0xce || b3 == 0xcf))
        || ((b0 == 0xce || b0 == 0xcf) && b1 == 0xfa && b2 == 0xed && b3 == 0xfe);
    return elf || pe || machO;
  }

  private static boolean isCode(String name) {
    return FileKinds.matches("python", name) || FileKinds.matches("setup-py", name) || FileKinds.matches("pth", name)
        || FileKinds.matches("javascript", name) || FileKinds.matches("shell", name);
  }

  private static boolean isBinary(byte[] head) {
    for (byte b : head) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  /** A finding of a coded check, with the text its entry in the rule file gives. */
  private Finding coded(String ruleId, String path, int line, String detail) {
    Rule rule = rules.rule(ruleId);
    return finding(ruleId, rule.title(), rule.severity(), path, line, detail + " " + rule.description(),
        rule.recommendation());
  }

  private static Finding finding(String ruleId, String title, Severity severity, String path, int line,
      String description, String recommendation) {
    var builder = Finding.builder()
        .ruleId(ruleId)
        .title(title)
        .severity(severity)
        .description(description)
        .recommendation(recommendation)
        .scanner(ID);
    if (path != null) {
      builder.path(path);
      if (line > 0) {
        builder.line(line);
      }
    }
    return builder.build();
  }
}

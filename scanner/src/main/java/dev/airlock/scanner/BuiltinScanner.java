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
import dev.airlock.scanner.RuleSet.Reach;
import dev.airlock.scanner.RuleSet.Rule;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
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
 *
 * <p>A pattern rule's severity depends on where its match runs (reachability): a weighted rule
 * keeps its severity in code that runs at install time (setup.py, .pth, node-gyp files, the files
 * npm install scripts run) or on import (a module's top level and the functions it calls, found by
 * parsing the file), and is reported LOW inside library functions nothing calls on import and in
 * test, example and documentation folders. Which files run at install is known only once the whole
 * archive is read (package.json may come last), so pattern findings are weighed at the end.
 */
public final class BuiltinScanner {
  /** The scanner's id. */
  public static final String ID = "builtin";
  /** Longest prefix of package.json kept whole to be parsed. */
  static final int MAX_KEPT_CHARS = 2 * 1024 * 1024;
  /** Longest Python or JavaScript file whose structure is parsed; longer ones keep full weight. */
  static final int MAX_PARSED_CHARS = 2 * 1024 * 1024;
  /** Source files past which a package is a library rather than a small dropper (bundled programs). */
  static final int LIBRARY_FILES = 20;
  /**
   * Source files below which a package has no library surface to speak of: a weighted match inside
   * its functions is capped at MEDIUM (still refused by default) instead of LOW.
   */
  static final int SMALL_PACKAGE_FILES = 10;
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

  /** Every rule id the built-in scanner can report (what a policy's waivers may name), in rule-file order. */
  public static java.util.Set<String> ruleIds() {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>(RuleSet.builtin().ids());
    ids.addAll(List.of(PATH_ESCAPE, LINK, DEVICE, DUPLICATE, NESTED, BOMB, BINARY, TYPOSQUAT, ENCODED_PAYLOAD,
        NpmManifest.INSTALL_SCRIPT, NpmManifest.URL_DEPENDENCY));
    return java.util.Collections.unmodifiableSet(ids);
  }

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

  /** A pattern rule's match in one file, weighed once the whole archive is known. */
  private record Candidate(Rule rule, Severity severity, String path, int line, boolean bundle, boolean importTime,
      List<String> functions) {}

  /** What one scan learns about the archive as a whole while reading its entries. */
  private static final class ArchiveState {
    final List<Finding> findings = new ArrayList<>();
    final List<Candidate> candidates = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    final List<String> executables = new ArrayList<>();
    final List<String> nativeLibraries = new ArrayList<>();
    /** Files npm install scripts run (archive paths). */
    final Set<String> installTargets = new HashSet<>();
    /** Names that __init__.py, __main__.py and setup.py refer to from code that runs on import or install. */
    final Set<String> importNames = new HashSet<>();
    /** Python functions of the whole package by name, and the names their bodies refer to (the call graph). */
    final Map<String, Set<String>> functionReferences = new java.util.HashMap<>();
    int sourceFiles;
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
    Session session = session(packageName, artifact.fileName());
    try {
      reader.read(artifact, session::visit);
    } catch (ArchiveLimitException e) {
      session.limitPassed(e.getMessage());
    } catch (IOException e) {
      throw new IOException("archive " + artifact.fileName() + " cannot be read: " + e.getMessage(), e);
    }
    return session.finish();
  }

  /**
   * A scan of the archive named {@code fileName}, requested as {@code packageName}, fed its entries
   * by the caller: for a pass over the archive shared with other readers
   * ({@link ArchiveReader#readShared}). Feed it every entry in archive order, then {@link Session#finish()}.
   */
  public Session session(String packageName, String fileName) {
    return new Session(packageName, fileName);
  }

  /** One archive's scan, fed entry by entry. */
  public final class Session {
    private final String packageName;
    private final ArchiveState state = new ArchiveState();

    private Session(String packageName, String fileName) {
      this.packageName = packageName;
      String lower = fileName.toLowerCase(Locale.ROOT);
      state.platformSpecific = lower.endsWith(".whl") && !lower.endsWith("-any.whl");
    }

    /** The next entry; {@code content} holds a file's bytes, as the archive reader hands them. */
    public void visit(ArchiveItem item, InputStream content) throws IOException {
      checkDuplicate(item, state);
      inspect(item, content, state);
    }

    /** Reading the archive stopped at an intake limit ({@code reason}): a finding, not an error. */
    public void limitPassed(String reason) {
      state.findings.add(coded(BOMB, null, 0, "Reading the archive went past a limit: " + reason + "."));
    }

    /** The findings, once every entry was visited (or the pass stopped at a limit). */
    public List<Finding> finish() {
      weigh(state);
      reportBinaries(state);
      typosquats.imitated(packageName, state.npm ? Typosquats.Ecosystem.NPM : Typosquats.Ecosystem.PYPI)
          .ifPresent(popular -> state.findings.add(coded(TYPOSQUAT, null, 0, "The name '" + packageName
              + "' is very close to the popular package '" + popular + "'.")));
      return List.copyOf(state.findings);
    }
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
    BitSet kinds = new BitSet();
    List<String> fileKinds = rules.fileKinds();
    for (int k = 0; k < fileKinds.size(); k++) {
      if (FileKinds.matches(fileKinds.get(k), name) || FileKinds.matches(fileKinds.get(k), kindName)) {
        kinds.set(k);
      }
    }
    RuleSet.Selection selection = rules.select(kinds);
    List<Rule> applicable = selection.rules();
    BitSet wanted = selection.wanted();
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
    boolean python = FileKinds.matches("python", kindName) || FileKinds.matches("setup-py", kindName);
    boolean script = FileKinds.matches("javascript", kindName);
    boolean decode = python || FileKinds.matches("pth", kindName) || FileKinds.matches("shell", kindName);
    if (python || script) {
      state.sourceFiles++;
    }
    TextScan.Result result = TextScan.scan(text, rules.conditions(), rules.hints(wanted), wanted,
        manifest ? MAX_KEPT_CHARS : python || script ? MAX_PARSED_CHARS + 1 : 0, decode);
    if (result.encodedPayload() != null) {
      String shown = result.encodedPayload().strip().replaceAll("\\s+", " ");
      state.findings.add(coded(ENCODED_PAYLOAD, name, result.encodedPayloadLine(), "A base64 string decodes to '"
          + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown) + "'."));
    }
    // only JavaScript is shipped minified: a Python or shell file in dist/ or with long lines is read as written
    boolean bundle = script && (FileKinds.isBundlePath(name) || result.looksMinified());
    List<Rule> fired = applicable.stream().filter(rule -> rule.when().stream().allMatch(result::matched)).toList();
    String base = FileKinds.baseName(name);
    boolean parsable = (python || script) && result.kept() != null && result.chars() <= MAX_PARSED_CHARS;
    boolean entry = base.equals("__init__.py") || base.equals("__main__.py") || FileKinds.isInstallSetupPy(name);
    boolean weigh = parsable && !FileKinds.runsAtInstall(name)
        && fired.stream().anyMatch(rule -> rule.reach() == Reach.WEIGHTED);
    // one parse per file serves the call graph, the entry files' names and the weighing
    PythonStructure structure = python && parsable && (state.sourceFiles < LIBRARY_FILES || entry || weigh)
        ? PythonStructure.of(result.kept(), Set.of()) : null;
    if (structure != null && state.sourceFiles < LIBRARY_FILES) {
      // the call graph is followed only in packages below LIBRARY_FILES source files (see weigh)
      structure.functionReferences().forEach((function, names) ->
          state.functionReferences.computeIfAbsent(function, k -> new HashSet<>()).addAll(names));
    }
    if (structure != null && FileKinds.isInstallSetupPy(name)) {
      state.importNames.addAll(structure.allNames());
    } else if (structure != null && entry) {
      state.importNames.addAll(structure.importTimeNames());
    }
    ImportTime importTime = weigh ? importTime(result.kept(), name, structure, fired) : null;
    for (Rule rule : fired) {
      Severity severity = bundle ? rule.bundleSeverity().orElse(rule.severity()) : rule.severity();
      boolean atImport = true;
      List<String> functions = List.of();
      if (rule.reach() == Reach.WEIGHTED && importTime != null) {
        atImport = rule.when().stream().allMatch(importTime.result()::matched);
        if (!atImport) {
          functions = importTime.functionsAt(rule.when().stream()
              .filter(c -> !importTime.result().matched(c)).mapToInt(c -> result.firstLine()[c.index()]).toArray());
        }
      }
      state.candidates.add(new Candidate(rule, severity, name, result.firstLine()[rule.when().get(0).index()],
          bundle && rule.bundleSeverity().isPresent(), atImport, functions));
    }
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
        state.installTargets.addAll(NpmManifest.installTargets(result.kept(), "package/"));
      }
      for (NpmManifest.Hit hit : NpmManifest.check(result.kept())) {
        Rule rule = rules.rule(hit.ruleId());
        state.findings.add(finding(hit.ruleId(), hit.title(), hit.severity(), name, hit.line(), hit.detail(),
            hit.severity() == Severity.LOW ? "No action needed unless other findings point at the same package."
                : rule.recommendation()));
      }
    }
  }

  /** A file's code that runs on import (parsed), matched again, and where its library functions are. */
  private record ImportTime(TextScan.Result result, String text, java.util.function.IntFunction<List<String>> functions) {
    List<String> functionsAt(int[] lines) {
      Set<String> names = new java.util.LinkedHashSet<>();
      for (int line : lines) {
        if (line > 0) {
          names.addAll(functions.apply(offsetOfLine(text, line)));
        }
      }
      return List.copyOf(names);
    }
  }

  /**
   * Matches the conditions of the file's weighted rules again on the code that runs on import, from
   * its Python block structure ({@code python}) or, when that is null, JavaScript parsed here with the
   * Closure Compiler's parser; null when the file does not parse, so every finding keeps its full weight.
   */
  private ImportTime importTime(String text, String name, PythonStructure python, List<Rule> fired)
      throws IOException {
    String loadText;
    java.util.function.IntFunction<List<String>> functions;
    if (python != null) {
      loadText = python.importTimeText();
      functions = python::libraryFunctionsAt;
    } else {
      ScriptStructure structure = ScriptStructure.of(text, name, Set.of());
      if (structure == null) {
        return null;
      }
      loadText = structure.loadTimeText();
      functions = structure::libraryFunctionsAt;
    }
    BitSet wanted = new BitSet();
    fired.stream().filter(rule -> rule.reach() == Reach.WEIGHTED)
        .forEach(rule -> rule.when().forEach(c -> wanted.set(c.index())));
    TextScan.Result again = TextScan.scan(new StringReader(loadText), rules.conditions(), rules.hints(wanted), wanted, 0);
    return new ImportTime(again, text, functions);
  }

  private static int offsetOfLine(String text, int line) {
    int offset = 0;
    for (int l = 1; l < line && offset >= 0; l++) {
      offset = text.indexOf('\n', offset);
      offset = offset < 0 ? -1 : offset + 1;
    }
    return Math.max(0, offset);
  }

  private static final String AT_INSTALL = " Weight: full, because this file runs at install time (%s).";
  private static final String AT_IMPORT = " Weight: full, because the match runs when the package is installed or"
      + " loaded (a module's top level, or a function that install or import code calls).";
  private static final String IN_TESTS = " Weight: LOW, because the file is in a test, example or documentation"
      + " folder, which nothing runs on install or import (it would count in full if an install script ran it).";

  /** Gives each pattern finding the weight of where it runs, now that the whole archive is known. */
  private void weigh(ArchiveState state) {
    // follow calls from install and import code through every file's functions, by name; in a library
    // of many files common names (run, get, send) would reach everything, so only in smaller packages
    Set<String> reached = new HashSet<>(state.importNames);
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(reached);
    while (!todo.isEmpty() && state.sourceFiles < LIBRARY_FILES) {
      for (String name : state.functionReferences.getOrDefault(todo.pop(), Set.of())) {
        if (reached.add(name)) {
          todo.push(name);
        }
      }
    }
    Map<String, Finding> strongest = new LinkedHashMap<>();
    for (Candidate c : state.candidates) {
      String normal = c.path().replace('\\', '/');
      boolean npmRuns = state.installTargets.contains(normal);
      boolean install = npmRuns || FileKinds.runsAtInstall(normal);
      Rule rule = c.rule();
      if (rule.reach() == Reach.INSTALL && !install) {
        continue;
      }
      Severity severity = c.severity();
      String why = "";
      String installWhy = npmRuns ? "an npm install script runs it" : FileKinds.isInstallSetupPy(normal)
          ? "pip runs setup.py to build and install" : normal.endsWith(".pth") ? "Python runs .pth imports at every start"
          : "node-gyp expands its commands when npm installs the package";
      if (rule.reach() == Reach.WEIGHTED) {
        if (install) {
          why = AT_INSTALL.formatted(installWhy);
        } else if (FileKinds.isTestOrExamplePath(normal)) {
          severity = min(severity, Severity.LOW);
          why = IN_TESTS;
        } else if (c.importTime() || c.functions().stream().anyMatch(reached::contains)) {
          why = AT_IMPORT;
        } else {
          String functions = c.functions().isEmpty() ? "functions and methods"
              : String.join(", ", c.functions().subList(0, Math.min(3, c.functions().size())))
                  + (c.functions().size() > 3 ? ", ..." : "");
          if (state.sourceFiles < SMALL_PACKAGE_FILES) {
            severity = min(severity, Severity.MEDIUM);
            why = (" Weight: at most MEDIUM, because although every match is inside functions (%s) that nothing"
                + " runs on install or import, the package has few source files (%d): a few-file package has no"
                + " library surface, and its functions are what it ships.").formatted(functions, state.sourceFiles);
          } else {
            severity = min(severity, Severity.LOW);
            why = (" Weight: LOW, because every match is inside library functions (%s) that nothing in the package"
                + " runs on install or import; such code runs only when a caller chooses to.").formatted(functions);
          }
        }
      } else if (rule.reach() == Reach.INSTALL) {
        why = AT_INSTALL.formatted(installWhy);
      }
      Finding finding = finding(rule.id(), rule.title(), severity, c.path(), c.line(),
          rule.description() + (c.bundle() ? " (Inside a minified bundle.)" : "") + why,
          severity == Severity.LOW && rule.severity() != Severity.LOW
              ? "No action needed unless other findings point at the same code." : rule.recommendation());
      String key = c.path() + "\u0000" + rule.id();
      Finding before = strongest.get(key);
      if (before == null || severity.compareTo(before.severity()) > 0) {
        strongest.put(key, finding);
      }
    }
    state.findings.addAll(strongest.values());
  }

  private static Severity min(Severity a, Severity b) {
    return a.compareTo(b) <= 0 ? a : b;
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
      // A library of many source files shipping a launcher or tool is common (distlib's Windows launchers);
      // a small package whose substance is a program is what droppers look like.
      boolean library = state.sourceFiles >= SMALL_PACKAGE_FILES;
      Severity severity = state.platformSpecific || state.npm || library ? Severity.LOW : Severity.MEDIUM;
      state.findings.add(binaryFinding(severity, state.executables, "executable", library && severity == Severity.LOW
          && !state.platformSpecific && !state.npm ? " Reported LOW: the package is a library of " + state.sourceFiles
          + " source files, not a program in a wrapper." : ""));
    }
    if (!state.nativeLibraries.isEmpty()) {
      state.findings.add(binaryFinding(Severity.LOW, state.nativeLibraries, "native library", ""));
    }
  }

  private Finding binaryFinding(Severity severity, List<String> paths, String what, String shape) {
    Rule rule = rules.rule(BINARY);
    String more = paths.size() > 1 ? " and " + (paths.size() - 1) + " more" : "";
    return finding(BINARY, severity == Severity.MEDIUM ? rule.title() : "Package ships a " + what, severity,
        paths.get(0), 0, "The package carries a compiled " + what + " (" + paths.get(0) + more + "). "
            + rule.description() + shape, rule.recommendation());
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

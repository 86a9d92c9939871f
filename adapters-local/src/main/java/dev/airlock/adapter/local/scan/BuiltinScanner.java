package dev.airlock.adapter.local.scan;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.adapter.local.archive.ArchiveItem;
import dev.airlock.adapter.local.archive.ArchiveLimitException;
import dev.airlock.adapter.local.archive.ArchiveReader;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Airlock's offline scanner: reads archive entries as streams (nothing is extracted) and reports
 * unsafe archive entries, install-time hooks that act, decode-then-execute, download-and-run, and
 * committed secrets.
 */
public final class BuiltinScanner implements SecurityScanner {
  /** The scanner's id. */
  public static final String ID = "builtin";
  /** Longest prefix of setup.py or package.json kept whole for the checks that need the entire file. */
  static final int MAX_TEXT_BYTES = 2 * 1024 * 1024;
  /** Longest stretch of one line the rules look at in one go; longer lines are read in overlapping pieces. */
  static final int MAX_LINE_CHARS = 20_000;
  /** How much of one piece of a long line is seen again in the next (rule patterns span under 1 000). */
  static final int LINE_OVERLAP_CHARS = 2_000;
  private static final int BINARY_SNIFF_BYTES = 8192;

  private static final Pattern SETUP_HOOK = Pattern.compile(
      "\\bcmdclass\\s*[=:]|\\bclass\\s+\\w+\\s*\\(\\s*(?:[\\w.]+\\.)?(?:install|develop|egg_info|build_py|sdist|bdist_egg|bdist_wheel)\\s*\\)");
  private static final Pattern SETUP_ACTION = Pattern.compile(
      "\\bos\\.(?:system|popen|exec\\w*|spawn\\w*)\\s*\\(|\\bsubprocess\\.|\\bexec\\s*\\(|\\beval\\s*\\("
          + "|\\burlopen\\s*\\(|\\burllib\\.request|\\brequests\\.(?:get|post)\\s*\\(|\\bsocket\\.socket\\s*\\("
          + "|\\bb64decode\\s*\\(");
  private static final Pattern NPM_SCRIPT_ACTION = Pattern.compile(
      "\\b(?:curl|wget)\\b|https?://|\\bnode\\s+-e\\b|\\beval\\b|base64|\\|\\s*(?:ba)?sh\\b|powershell|\\bnc\\s");
  private static final List<String> NPM_HOOKS = List.of("preinstall", "install", "postinstall");

  private final ArchiveReader reader;
  private final ObjectMapper json = new ObjectMapper();

  public BuiltinScanner(ArchiveReader reader) {
    this.reader = reader;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    List<Finding> findings = new ArrayList<>();
    try {
      Set<String> seen = new HashSet<>();
      reader.read(artifact, (item, content) -> {
        checkDuplicate(item, seen, findings);
        inspect(item, content, findings);
      });
    } catch (ArchiveLimitException e) {
      findings.add(finding(BuiltinRules.BOMB, "Archive exceeds the unpacking limits", Severity.CRITICAL, null, 0,
          "Reading the archive went past a limit: " + e.getMessage() + ". Archives that expand this far "
              + "are decompression bombs, or far larger than a package should be.",
          "Refuse the package. If it is genuinely this large, raise the limit deliberately."));
    } catch (IOException e) {
      throw new PortException("archive " + artifact.fileName() + " cannot be read: " + e.getMessage(), e);
    }
    return List.copyOf(findings);
  }

  /** A second entry with the same path replaces the first on extraction: what was scanned is not what lands. */
  private static void checkDuplicate(ArchiveItem item, Set<String> seen, List<Finding> findings) {
    if (item.type() == ArchiveItem.Type.DIRECTORY) {
      return;
    }
    String path = item.name().replace('\\', '/').replaceAll("/{2,}", "/").replaceFirst("^(\\./)+", "");
    if (!seen.add(path.toLowerCase(java.util.Locale.ROOT))) { // Demo/a.py and demo/a.py are one file on Windows and macOS
      findings.add(finding(BuiltinRules.DUPLICATE, "Archive holds the same path twice", Severity.HIGH, item.name(), 0,
          "Entry '" + item.name() + "' appears more than once. Unpacking keeps only one of them, so the file "
              + "that is installed need not be the one that was reviewed.",
          "Refuse the package; no legitimate build tool writes one path twice."));
    }
  }

  private void inspect(ArchiveItem item, InputStream content, List<Finding> findings) throws IOException {
    String name = item.name();
    String escape = ArchivePaths.escapeProblem(name);
    if (escape != null) {
      findings.add(finding(BuiltinRules.PATH_ESCAPE, "Archive entry escapes the package folder", Severity.CRITICAL,
          name, 0, "Entry '" + name + "' " + escape + ". Unpacked naively, it would write outside the target "
              + "folder (zip-slip).",
          "Refuse the package; no legitimate package needs such an entry."));
    }
    switch (item.type()) {
      case SYMLINK, HARDLINK -> findings.add(finding(BuiltinRules.LINK, "Archive contains a link", Severity.HIGH, name, 0,
          "Entry '" + name + "' is a " + (item.type() == ArchiveItem.Type.SYMLINK ? "symbolic" : "hard")
              + " link to '" + item.linkTarget().orElse("?") + "'. Links let later entries or installers "
              + "read or write files outside the package.",
          "Refuse the package unless the link is reviewed and stays inside the package."));
      case DEVICE -> findings.add(finding(BuiltinRules.DEVICE, "Archive contains a device or FIFO", Severity.HIGH,
          name, 0, "Entry '" + name + "' is a device file or FIFO, which no package needs.",
          "Refuse the package."));
      case NESTED_ARCHIVE -> findings.add(finding(BuiltinRules.NESTED, "Archive nested too deep", Severity.MEDIUM,
          name, 0, "Entry '" + name + "' is an archive inside archives deeper than Airlock opens, so its "
              + "content was not inspected.",
          "Refuse the package, or review the nested archive's content by hand before waiving this finding."));
      case FILE -> inspectText(name, content, findings);
      default -> { }
    }
  }

  /**
   * Runs the line rules over the whole file, however long, in bounded memory; setup.py and
   * package.json are also kept (up to {@link #MAX_TEXT_BYTES}) for the checks that need the file whole.
   * Only files that are not code are skipped as binary: a NUL byte must not hide a script.
   */
  private void inspectText(String name, InputStream content, List<Finding> findings) throws IOException {
    BufferedInputStream in = new BufferedInputStream(content, BINARY_SNIFF_BYTES);
    in.mark(BINARY_SNIFF_BYTES);
    boolean binary = isBinary(in.readNBytes(BINARY_SNIFF_BYTES));
    in.reset();
    if (binary && !BuiltinRules.CODE.test(name)) {
      return;
    }
    String base = BuiltinRules.baseName(name);
    boolean keepWhole = base.equals("setup.py") || base.equals("package.json");
    List<String> kept = new ArrayList<>();
    long[] keptChars = {0};
    List<LineRule> open = new ArrayList<>(BuiltinRules.LINE_RULES.stream().filter(r -> r.appliesTo().test(name)).toList());
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    TextLines.forEach(reader, MAX_LINE_CHARS, LINE_OVERLAP_CHARS, (line, segment, startOfLine) -> {
      for (Iterator<LineRule> rules = open.iterator(); rules.hasNext(); ) {
        LineRule rule = rules.next();
        if (rule.pattern().matcher(segment).find()) {
          findings.add(finding(rule.id(), rule.title(), rule.severity(), name, line, rule.description(),
              rule.recommendation()));
          rules.remove(); // one finding per rule and file keeps reports readable
        }
      }
      if (keepWhole && startOfLine && keptChars[0] < MAX_TEXT_BYTES) {
        kept.add(segment.toString());
        keptChars[0] += segment.length() + 1;
      }
      return !open.isEmpty() || (keepWhole && keptChars[0] < MAX_TEXT_BYTES);
    });
    if (base.equals("setup.py")) {
      checkSetupHook(name, kept.toArray(String[]::new), findings);
    } else if (base.equals("package.json")) {
      checkNpmScripts(name, String.join("\n", kept), kept.toArray(String[]::new), findings);
    }
  }

  private static void checkSetupHook(String name, String[] lines, List<Finding> findings) {
    int hookLine = firstMatch(SETUP_HOOK, lines);
    if (hookLine == 0) {
      return;
    }
    int actionLine = firstMatch(SETUP_ACTION, lines);
    if (actionLine > 0) {
      findings.add(finding(BuiltinRules.PY_INSTALL_HOOK, "setup.py runs commands at install time", Severity.HIGH,
          name, hookLine, "setup.py overrides an install command and the same file runs processes, "
              + "evaluates code or talks to the network (line " + actionLine + "). That code runs on every "
              + "machine that installs the package, before anyone imports it.",
          "Refuse the package unless the install hook is reviewed and harmless."));
    } else {
      findings.add(finding(BuiltinRules.PY_INSTALL_HOOK, "setup.py overrides an install command", Severity.LOW,
          name, hookLine, "setup.py customises an install command. Alone this is common (building "
              + "extensions); it is reported so reviewers know code runs at install time.",
          "No action needed unless other findings point at the same file."));
    }
  }

  private void checkNpmScripts(String name, String text, String[] lines, List<Finding> findings) {
    JsonNode scripts;
    try {
      scripts = json.readTree(text).path("scripts");
    } catch (JacksonException e) {
      return; // not JSON: nothing npm would run either
    }
    for (Map.Entry<String, JsonNode> script : scripts.properties()) {
      if (!NPM_HOOKS.contains(script.getKey()) || !script.getValue().isTextual()) {
        continue;
      }
      int line = firstMatch(Pattern.compile("\"" + script.getKey() + "\"\\s*:"), lines);
      boolean acts = NPM_SCRIPT_ACTION.matcher(script.getValue().asText()).find();
      findings.add(finding(BuiltinRules.NPM_INSTALL_SCRIPT,
          acts ? "npm " + script.getKey() + " script downloads or runs code" : "npm " + script.getKey() + " script",
          acts ? Severity.HIGH : Severity.LOW, name, line,
          "package.json declares a '" + script.getKey() + "' script, which npm runs on install"
              + (acts ? "; it fetches from the network or evaluates code." : "."),
          acts ? "Refuse the package unless the script is reviewed and harmless."
              : "No action needed unless other findings point at the same package."));
    }
  }

  private static int firstMatch(Pattern pattern, String[] lines) {
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].length() > MAX_LINE_CHARS ? lines[i].substring(0, MAX_LINE_CHARS) : lines[i];
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return i + 1;
      }
    }
    return 0;
  }

  private static boolean isBinary(byte[] head) {
    for (int i = 0; i < head.length; i++) {
      if (head[i] == 0) {
        return true;
      }
    }
    return false;
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

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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
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
  /** Longest prefix of a file that is read as text. */
  static final int MAX_TEXT_BYTES = 2 * 1024 * 1024;
  /** Longest line the line rules look at (minified bundles have megabyte lines). */
  static final int MAX_LINE_CHARS = 20_000;

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
    if (!seen.add(path)) {
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
      case FILE -> inspectText(name, content, findings);
      default -> { }
    }
  }

  private void inspectText(String name, InputStream content, List<Finding> findings) throws IOException {
    byte[] bytes = content.readNBytes(MAX_TEXT_BYTES);
    if (isBinary(bytes)) {
      return;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (LineRule rule : BuiltinRules.LINE_RULES) {
      if (!rule.appliesTo().test(name)) {
        continue;
      }
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].length() > MAX_LINE_CHARS ? lines[i].substring(0, MAX_LINE_CHARS) : lines[i];
        if (rule.pattern().matcher(line).find()) {
          findings.add(finding(rule.id(), rule.title(), rule.severity(), name, i + 1, rule.description(),
              rule.recommendation()));
          break; // one finding per rule and file keeps reports readable
        }
      }
    }
    String base = BuiltinRules.baseName(name);
    if (base.equals("setup.py")) {
      checkSetupHook(name, lines, findings);
    } else if (base.equals("package.json")) {
      checkNpmScripts(name, text, lines, findings);
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

  private static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, 8192);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
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

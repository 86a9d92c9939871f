package dev.airlock.scanner;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Names the kinds of file a rule reads ({@code python}, {@code javascript}, ...) and matches paths to them. */
final class FileKinds {
  private static final Set<String> KINDS = Set.of("python", "setup-py", "pth", "javascript", "shell", "package-json",
      "python-config", "any-text");

  private FileKinds() {}

  static boolean isKnown(String kind) {
    return KINDS.contains(kind) || kind.startsWith("*.");
  }

  /** Whether {@code path} (an archive entry name) is of {@code kind}. */
  static boolean matches(String kind, String path) {
    String base = baseName(path);
    return switch (kind) {
      case "python" -> hasExtension(base, ".py", ".pyw") && !isInstallSetupPy(path);
      case "setup-py" -> isInstallSetupPy(path);
      case "pth" -> base.endsWith(".pth");
      case "javascript" -> hasExtension(base, ".js", ".mjs", ".cjs");
      // node-gyp runs binding.gyp's <!(command) expansions through the shell when npm installs the package
      case "shell" -> hasExtension(base, ".sh", ".bash", ".zsh", ".ps1", ".psm1", ".bat", ".cmd", ".vbs", ".gyp",
          ".gypi");
      case "package-json" -> base.equals("package.json");
      case "python-config" -> base.equals("setup.cfg") || base.equals("pyproject.toml")
          || (base.startsWith("requirements") && hasExtension(base, ".txt", ".in"));
      case "any-text" -> isSecretCarrier(base);
      default -> base.endsWith(kind.substring(1).toLowerCase(Locale.ROOT));
    };
  }

  /**
   * The setup.py pip runs: at the archive's root or in its one top folder ({@code name-1.0/setup.py}).
   * Deeper ones (numpy/core/setup.py) are build helpers of the source tree, ordinary Python to pip.
   */
  static boolean isInstallSetupPy(String path) {
    if (!path.regionMatches(true, path.length() - 8, "setup.py", 0, 8)) {
      return false; // checked for every rule on every file: the cheap test first
    }
    int start = 0;
    while (path.startsWith("./", start)) {
      start += 2;
    }
    int slashes = 0;
    for (int i = start; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/' || c == '\\') {
        slashes++;
      }
    }
    boolean wholeName = path.length() - 8 == start || path.charAt(path.length() - 9) == '/'
        || path.charAt(path.length() - 9) == '\\';
    return wholeName && slashes <= 1 && !path.contains("!/");
  }

  /** Files the installer itself runs: setup.py, .pth (every interpreter start), node-gyp's binding.gyp and .gypi. */
  static boolean runsAtInstall(String path) {
    String base = baseName(path);
    return isInstallSetupPy(path) || base.endsWith(".pth") || base.endsWith(".gyp") || base.endsWith(".gypi");
  }

  /**
   * In a folder of tests, examples, documentation or benchmarks: shipped along, but not code that
   * runs on install or import.
   */
  static boolean isTestOrExamplePath(String path) {
    String lower = path.replace('\\', '/').toLowerCase(Locale.ROOT);
    for (String segment : lower.split("/", -1)) {
      if (segment.matches("_?_?(?:tests?|testing|test_?utils|testsuite|selftest|__tests__|spec|specs|examples?|"
          + "samples?|docs?|benchmarks?|fixtures?)") ) {
        return true;
      }
    }
    String base = baseName(lower);
    return base.startsWith("test_") || base.endsWith("_test.py") || base.endsWith(".test.js")
        || base.endsWith(".spec.js") || base.equals("conftest.py");
  }

  /** Code and configuration, where a committed secret would be used; not docs, maps or data. */
  private static boolean isSecretCarrier(String base) {
    return hasExtension(base, ".py", ".pyw", ".js", ".mjs", ".cjs", ".ts", ".sh", ".bash", ".ps1", ".json", ".yaml",
        ".yml", ".ini", ".cfg", ".conf", ".toml", ".env", ".pem", ".key", ".properties", ".txt", ".xml")
        || base.equals(".env") || base.startsWith(".env.") || base.equals(".npmrc") || base.equals(".pypirc")
        || base.equals("id_rsa") || base.equals("id_ed25519") || base.equals("credentials");
  }

  /**
   * For a file of no code kind whose first line is {@code #!}: the extension of the language it names
   * ({@code .py}, {@code .js} or {@code .sh}), so it is read like one; otherwise the empty string.
   */
  static String shebangExtension(String path, byte[] head) {
    if (head.length < 2 || head[0] != '#' || head[1] != '!' || matches("python", path) || matches("setup-py", path)
        || matches("pth", path) || matches("javascript", path) || matches("shell", path)) {
      return "";
    }
    int end = 0;
    while (end < head.length && end < 200 && head[end] != '\n') {
      end++;
    }
    String line = new String(head, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    if (line.contains("python")) {
      return ".py";
    }
    if (line.contains("node") || line.contains("deno") || line.contains("bun")) {
      return ".js";
    }
    return ".sh"; // sh, bash, zsh, env -S ..., or anything else a shell starts
  }

  /** Files the scanner never reads as text: source maps and type declarations only repeat the code. */
  static boolean isRepeatOfCode(String path) {
    String base = baseName(path);
    return base.endsWith(".map") || base.endsWith(".d.ts");
  }

  /** A minified bundle by its place or name: dist/, build/, umd/ folders and *.min.js, *.bundle.js. */
  static boolean isBundlePath(String path) {
    String lower = path.replace('\\', '/').toLowerCase(Locale.ROOT);
    return lower.contains("/dist/") || lower.contains("/umd/") || lower.contains("/bundle/")
        || lower.endsWith(".min.js") || lower.endsWith(".min.mjs") || lower.endsWith(".bundle.js")
        || lower.endsWith(".production.js");
  }

  static boolean hasExtension(String base, String... extensions) {
    for (String extension : extensions) {
      if (base.endsWith(extension)) {
        return true;
      }
    }
    return false;
  }

  static String baseName(String path) {
    String normal = path.replace('\\', '/');
    return normal.substring(normal.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }
}

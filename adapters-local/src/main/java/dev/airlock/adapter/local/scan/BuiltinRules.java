package dev.airlock.adapter.local.scan;

import dev.airlock.domain.Severity;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The built-in scanner's line rules, and the file kinds they read. */
final class BuiltinRules {
  private BuiltinRules() {}

  static final String PATH_ESCAPE = "AIRLOCK-ARCHIVE-PATH-ESCAPE";
  static final String LINK = "AIRLOCK-ARCHIVE-LINK";
  static final String DEVICE = "AIRLOCK-ARCHIVE-DEVICE";
  static final String DUPLICATE = "AIRLOCK-ARCHIVE-DUPLICATE";
  static final String BOMB = "AIRLOCK-ARCHIVE-LIMIT";
  static final String NESTED = "AIRLOCK-ARCHIVE-NESTED";
  static final String PY_INSTALL_HOOK = "AIRLOCK-PY-INSTALL-HOOK";
  static final String NPM_INSTALL_SCRIPT = "AIRLOCK-NPM-INSTALL-SCRIPT";

  static final Predicate<String> CODE = path -> hasExtension(path, ".py", ".pyw", ".pth", ".js", ".mjs", ".cjs",
      ".ts", ".sh", ".bash", ".zsh", ".ps1", ".psm1", ".bat", ".cmd") || baseName(path).equals("setup.py");
  static final Predicate<String> ANY_TEXT = path -> true;

  static final List<LineRule> LINE_RULES = List.of(
      new LineRule("AIRLOCK-DECODE-EXEC", "Decoded data is executed", Severity.HIGH,
          "Code decodes a hidden payload (base64, hex, zlib, marshal, character codes) and executes it. "
              + "Legitimate packages have no reason to hide the code they run.",
          "Refuse the package unless the decoded payload is reviewed and shown to be harmless.",
          Pattern.compile("\\b(?:exec|eval|compile)\\s*\\(.{0,400}?(?:b64decode|b32decode|b16decode|a85decode"
              + "|unhexlify|fromhex|zlib\\.decompress|marshal\\.loads|codecs\\.decode|bytes\\.fromhex)"
              + "|\\b(?:eval|Function)\\s*\\(.{0,400}?(?:atob\\s*\\(|Buffer\\.from\\s*\\([^)]{0,400}['\"](?:base64|hex)['\"])"),
          CODE),
      new LineRule("AIRLOCK-DOWNLOAD-EXEC", "Downloads and runs code", Severity.HIGH,
          "Code fetches a script from the network and runs it straight away, so what runs is decided by "
              + "whoever controls that server, not by what was scanned.",
          "Refuse the package; vet and vendor whatever it downloads instead.",
          Pattern.compile("\\b(?:curl|wget)\\b[^|;\\n]{0,300}\\|\\s*(?:sudo\\s+)?(?:ba|z|da|k)?sh\\b"
              + "|\\b(?:curl|wget)\\b[^|;\\n]{0,300}\\|\\s*(?:sudo\\s+)?(?:python[0-9.]*|perl|ruby|node)\\b"
              + "|(?i:\\b(?:iex|invoke-expression)\\b.{0,300}?(?:downloadstring|invoke-webrequest|\\biwr\\b|net\\.webclient))"
              + "|\\bexec\\s*\\(.{0,300}?(?:urlopen|urllib\\.request|requests\\.get|httpx\\.get)"),
          CODE),
      new LineRule("AIRLOCK-PRIVATE-KEY", "Private key in the package", Severity.MEDIUM,
          "The package carries a private key. Either a secret was published by mistake, or the key is "
              + "meant to authenticate to something it should not.",
          "Refuse the package; ask the maintainer to remove the key (and to rotate it).",
          Pattern.compile("-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----"),
          ANY_TEXT),
      new LineRule("AIRLOCK-AWS-ACCESS-KEY", "AWS access key id in the package", Severity.MEDIUM,
          "The package carries an AWS access key id; its secret key is likely nearby. A leaked key, or a "
              + "key meant to send data to an account outside the company.",
          "Refuse the package; report the key to the maintainer so it can be revoked.",
          Pattern.compile("\\b(?:AKIA|ASIA)(?!IOSFODNN7EXAMPLE)[0-9A-Z]{16}\\b"),
          ANY_TEXT));

  static boolean hasExtension(String path, String... extensions) {
    String lower = path.toLowerCase(Locale.ROOT);
    for (String extension : extensions) {
      if (lower.endsWith(extension)) {
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

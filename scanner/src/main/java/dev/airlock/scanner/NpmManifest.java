package dev.airlock.scanner;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.domain.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads package.json for what npm runs or fetches on install: lifecycle scripts and URL dependencies. */
final class NpmManifest {
  static final String INSTALL_SCRIPT = "AIRLOCK-NPM-INSTALL-SCRIPT";
  static final String URL_DEPENDENCY = "AIRLOCK-URL-DEPENDENCY";
  private static final List<String> HOOKS = List.of("preinstall", "install", "postinstall");
  private static final List<String> DEPENDENCY_FIELDS = List.of("dependencies", "optionalDependencies",
      "peerDependencies");
  private static final Pattern ACTS = Pattern.compile(
      "\\b(?:curl|wget)\\b|https?://|\\beval\\b|base64|\\|\\s*(?:ba)?sh\\b|powershell|\\bnc\\s"
          + "|\\bbash\\s+-c\\b|/dev/tcp/");
  private static final Pattern REMOTE = Pattern.compile(
      "^(?:git\\+|git:|https?://|github:|gitlab:|bitbucket:|gist:)|^[\\w.-]+/[\\w.-]+(?:#.*)?$");

  /** One thing found, before it becomes a finding. */
  record Hit(String ruleId, Severity severity, String title, int line, String detail) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private NpmManifest() {}

  static List<Hit> check(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      return List.of(); // not JSON: nothing npm would run either
    }
    if (root == null || !root.isObject()) {
      return List.of();
    }
    String[] lines = text.split("\n", -1);
    List<Hit> hits = new ArrayList<>();
    for (Map.Entry<String, JsonNode> script : root.path("scripts").properties()) {
      if (!HOOKS.contains(script.getKey()) || !script.getValue().isTextual()) {
        continue;
      }
      boolean acts = ACTS.matcher(script.getValue().asText()).find();
      hits.add(new Hit(INSTALL_SCRIPT, acts ? Severity.HIGH : Severity.LOW,
          acts ? "npm " + script.getKey() + " script downloads or runs code" : "npm " + script.getKey() + " script",
          lineOf(lines, "\"" + script.getKey() + "\""),
          "package.json declares a '" + script.getKey() + "' script, which npm runs on install"
              + (acts ? "; it fetches from the network or evaluates code." : ".")));
    }
    for (String field : DEPENDENCY_FIELDS) {
      for (Map.Entry<String, JsonNode> dependency : root.path(field).properties()) {
        String spec = dependency.getValue().asText("").strip();
        if (REMOTE.matcher(spec).find()) {
          hits.add(new Hit(URL_DEPENDENCY, Severity.HIGH, "Depends on code from a URL",
              lineOf(lines, "\"" + dependency.getKey() + "\""),
              "package.json " + field + " takes '" + dependency.getKey() + "' from " + spec
                  + " instead of the registry."));
        }
      }
    }
    return hits;
  }

  private static final Pattern COMMAND_SEPARATOR = Pattern.compile("&&|\\|\\||;|\\|");
  private static final List<String> RUNNERS = List.of("node", "nodejs", "sh", "bash", "zsh", "python", "python3",
      "deno", "bun", "pwsh", "powershell", "cmd", "perl", "ruby");

  /**
   * The package's own files that its preinstall, install and postinstall scripts run, as archive
   * paths under {@code root} ({@code node scripts/setup.js} gives {@code package/scripts/setup.js};
   * a name without extension also gives its {@code .js} file and {@code index.js}).
   */
  static List<String> installTargets(String text, String root) {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(text);
    } catch (JacksonException e) {
      return List.of();
    }
    if (manifest == null || !manifest.isObject()) {
      return List.of();
    }
    List<String> targets = new ArrayList<>();
    for (String hook : HOOKS) {
      JsonNode script = manifest.path("scripts").path(hook);
      if (!script.isTextual()) {
        continue;
      }
      for (String command : COMMAND_SEPARATOR.split(script.asText(), -1)) {
        String[] words = command.strip().split("\\s+", -1);
        int at = 0;
        while (at < words.length && words[at].matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
          at++; // FOO=bar node x.js
        }
        if (at >= words.length || words[at].isEmpty()) {
          continue;
        }
        String first = words[at].replaceAll("^[\"']|[\"']$", "");
        String file = null;
        if (RUNNERS.contains(first)) {
          for (int i = at + 1; i < words.length; i++) {
            String word = words[i].replaceAll("^[\"']|[\"']$", "");
            if (!word.startsWith("-")) {
              file = word;
              break;
            }
          }
        } else if (first.startsWith("./") || first.matches(".*\\.(?:js|cjs|mjs|sh|py|ps1|bat|cmd)$")) {
          file = first;
        }
        if (file == null || file.contains("$") || file.startsWith("/") || file.contains("..")) {
          continue;
        }
        String path = root + file.replaceFirst("^(\\./)+", "");
        targets.add(path);
        if (!path.matches(".*\\.[A-Za-z0-9]+$")) {
          targets.add(path + ".js");
          targets.add(path + "/index.js");
        }
      }
    }
    return targets;
  }

  private static int lineOf(String[] lines, String needle) {
    Pattern key = Pattern.compile(Pattern.quote(needle) + "\\s*:");
    for (int i = 0; i < lines.length; i++) {
      Matcher m = key.matcher(lines[i]);
      if (m.find()) {
        return i + 1;
      }
    }
    return 0;
  }
}

package dev.airlock.adapter.output.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.application.result.ClosureReport;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.ClosureNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approved closures of a run's release rows as lock files a notebook installs exactly from: a
 * {@code requirements.txt} whose every line pins a version and its SHA-256 (pip's
 * {@code --require-hashes} mode), and an npm {@code package-lock.json} (lockfileVersion 3) with each
 * tarball's {@code resolved} URL and {@code integrity}. Only closures approved whole are written; a
 * refused or undecided one is named in a comment (requirements) or left out (package lock).
 */
public final class LockFiles {
  /** The root package's name in the package lock: the project a notebook installs the approved rows into. */
  static final String NPM_ROOT = "airlock-approved";

  private LockFiles() {}

  /** The closure trees of the run's release rows of {@code ecosystem}, in request-file order. */
  static List<Map.Entry<String, ClosureNode>> closures(RunResult result, String ecosystem) {
    List<Map.Entry<String, ClosureNode>> trees = new ArrayList<>();
    for (RequestOutcome outcome : result.outcomes()) {
      Optional<ClosureReport> closure = outcome.closure();
      if (closure.isPresent() && closure.get().tree().isPresent()
          && closure.get().tree().get().ecosystem().equals(ecosystem)) {
        trees.add(Map.entry(closure.get().requested(), closure.get().tree().get()));
      }
    }
    return trees;
  }

  /**
   * {@code requirements.txt}: {@code name==version --hash=sha256:…} for every artifact of every
   * approved Python closure, each project once; a project two closures resolved to different versions
   * keeps the first and says so, since pip takes one version per project.
   */
  public static String requirements(RunResult result) {
    StringBuilder s = new StringBuilder();
    s.append("# Airlock run ").append(result.runId()).append(": the approved dependency closures of its Python")
        .append(" release rows,\n# every artifact pinned to its SHA-256. Install with:\n")
        .append("#   pip install --require-hashes --index-url <the approved index> -r requirements.txt\n");
    Map<String, ClosureNode> pinned = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (var closure : closures(result, "pypi")) {
      ClosureNode root = closure.getValue();
      if (!root.isApproved()) {
        notes.add("# not included: " + closure.getKey() + " is " + root.verdict()
            + root.reason().map(r -> " (" + oneLine(r) + ")").orElse(""));
        continue;
      }
      for (ClosureNode node : root.flatten()) {
        String key = dev.airlock.domain.PackageNames.normalise(node.name());
        ClosureNode first = pinned.putIfAbsent(key, node);
        if (first != null && !first.version().equals(node.version())) {
          notes.add("# conflict: " + closure.getKey() + " needs " + node.name() + " " + node.version() + ", another row "
              + first.version() + "; only " + first.version() + " is listed, install that row on its own");
        }
      }
    }
    notes.forEach(n -> s.append(n).append('\n'));
    for (ClosureNode node : pinned.values()) {
      s.append(node.name()).append("==").append(node.version());
      node.sha256().ifPresent(sha -> s.append(" \\\n    --hash=sha256:").append(sha.hex()));
      s.append('\n');
    }
    return s.toString();
  }

  /**
   * {@code package-lock.json} (lockfileVersion 3): the root project depends on each approved npm row
   * at its exact version; each tarball sits at {@code node_modules/<name>} unless another version
   * holds that place, then under the package that needs it, which is where Node looks first.
   */
  public static ObjectNode packageLock(RunResult result) {
    ObjectNode lock = JsonRunReport.JSON.createObjectNode();
    lock.put("name", NPM_ROOT);
    lock.put("version", "1.0.0");
    lock.put("lockfileVersion", 3);
    lock.put("requires", true);
    ObjectNode packages = lock.putObject("packages");
    ObjectNode root = packages.putObject("");
    root.put("name", NPM_ROOT);
    root.put("version", "1.0.0");
    ObjectNode rootDeps = JsonRunReport.JSON.createObjectNode();
    Map<String, List<ClosureNode>> dependenciesOf = new LinkedHashMap<>();
    java.util.ArrayDeque<Map.Entry<String, ClosureNode>> queue = new java.util.ArrayDeque<>();
    for (var closure : closures(result, "npm")) {
      ClosureNode top = closure.getValue();
      if (!top.isApproved() || rootDeps.has(top.name())) {
        continue;
      }
      rootDeps.put(top.name(), top.version());
      // A node listed again in the tree carries no children: the first listing of an artifact has them.
      top.flatten().forEach(n -> dependenciesOf.putIfAbsent(id(n), n.dependencies()));
      queue.add(Map.entry("", top));
    }
    if (!rootDeps.isEmpty()) {
      root.set("dependencies", rootDeps);
    }
    // Breadth first, as npm places: what the root needs takes the top places before deeper needs.
    Map<String, ClosureNode> placed = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      var next = queue.poll();
      ClosureNode node = next.getValue();
      String path = placeOf(node, next.getKey(), placed);
      if (placed.containsKey(path)) {
        continue; // already there, with its own dependencies placed
      }
      placed.put(path, node);
      for (ClosureNode dependency : dependenciesOf.getOrDefault(id(node), List.of())) {
        queue.add(Map.entry(path, dependency));
      }
    }
    for (var entry : placed.entrySet()) {
      ClosureNode node = entry.getValue();
      ObjectNode item = packages.putObject(entry.getKey());
      item.put("version", node.version());
      item.put("resolved", node.url().toString());
      node.integrity().ifPresent(i -> item.put("integrity", i.toString()));
      node.licence().ifPresent(l -> item.put("license", l));
      if (!node.dependencies().isEmpty()) {
        ObjectNode deps = item.putObject("dependencies");
        node.dependencies().forEach(d -> deps.put(d.name(), d.version()));
      }
    }
    return lock;
  }

  private static String id(ClosureNode node) {
    return node.name() + "@" + node.version();
  }

  /**
   * Where {@code node}, needed by the package at {@code parent} ({@code ""}: the root), goes: the top
   * when that place is free or holds the same version, else under its parent, where Node looks first.
   */
  private static String placeOf(ClosureNode node, String parent, Map<String, ClosureNode> placed) {
    String top = "node_modules/" + node.name();
    ClosureNode atTop = placed.get(top);
    if (atTop == null || atTop.version().equals(node.version()) || parent.isEmpty()) {
      return top;
    }
    return parent + "/node_modules/" + node.name();
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("[\\r\\n]+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}

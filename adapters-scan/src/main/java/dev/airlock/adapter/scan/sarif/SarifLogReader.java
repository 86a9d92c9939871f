package dev.airlock.adapter.scan.sarif;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns a SARIF 2.1.0 log into findings: every result of every run, severity from
 * {@code security-severity} or else the level, paths relative to the unpacked package. Results the
 * package's own source suppresses still count: the package is the thing under review.
 */
final class SarifLogReader {
  /** Largest SARIF log read; a tool that writes more is treated as broken. */
  static final long MAX_LOG_BYTES = 64L * 1024 * 1024;
  /** Rule id of a file the tool reported it could not analyse. */
  static final String UNANALYSED_FILE = "SARIF-FILE-NOT-ANALYSED";
  private static final int MAX_TITLE_CHARS = 200;
  private static final int MAX_TEXT_CHARS = 4000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The log is missing, unreadable, not SARIF 2.1.0, or says the tool did not finish. */
  static final class InvalidSarifException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidSarifException(String message) {
      super(message);
    }
  }

  private final String scannerId;
  private final List<Path> roots;
  private final UnaryOperator<String> hide;

  /**
   * A reader for logs about the package unpacked in {@code tree}, reporting as {@code scannerId};
   * {@code hide} takes the workspace's location out of texts the tool wrote.
   */
  SarifLogReader(String scannerId, Path tree, UnaryOperator<String> hide) {
    this.scannerId = scannerId;
    this.hide = hide;
    Path absolute = tree.toAbsolutePath().normalize();
    List<Path> known = new ArrayList<>(List.of(absolute));
    try {
      Path real = tree.toRealPath();
      if (!real.equals(absolute)) {
        known.add(real);
      }
    } catch (IOException e) {
      // the tree is read as given
    }
    this.roots = List.copyOf(known);
  }

  /** The findings in the log at {@code file}. */
  List<Finding> read(Path file) throws InvalidSarifException, IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidSarifException("no SARIF file was written");
    }
    long size = Files.size(file);
    if (size == 0) {
      throw new InvalidSarifException("the SARIF file is empty");
    }
    if (size > MAX_LOG_BYTES) {
      throw new InvalidSarifException("the SARIF file is larger than " + MAX_LOG_BYTES + " bytes");
    }
    JsonNode log;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      log = JSON.readTree(in);
    } catch (JacksonException e) {
      throw new InvalidSarifException("the SARIF file is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    }
    return findings(log);
  }

  /** The findings in a parsed log. */
  List<Finding> findings(JsonNode log) throws InvalidSarifException {
    if (log == null || !log.isObject()) {
      throw new InvalidSarifException("the SARIF file does not hold a JSON object");
    }
    String version = log.path("version").asText("");
    if (!version.equals("2.1.0")) {
      throw new InvalidSarifException("the SARIF version is '" + clip(version, 40) + "', not 2.1.0");
    }
    JsonNode runs = log.path("runs");
    if (!runs.isArray() || runs.isEmpty()) {
      throw new InvalidSarifException("the SARIF log has no runs: no tool reported anything");
    }
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      readRun(runs.get(i), i + 1, findings);
    }
    return List.copyOf(findings);
  }

  private void readRun(JsonNode run, int number, List<Finding> findings) throws InvalidSarifException {
    if (!run.isObject() || !run.path("tool").path("driver").isObject()) {
      throw new InvalidSarifException("run " + number + " of the SARIF log names no tool driver");
    }
    String tool = clip(run.path("tool").path("driver").path("name").asText("the tool"), 80);
    JsonNode results = run.path("results");
    if (!results.isArray()) {
      // SARIF 3.14.23: an absent results array means the tool did not compute results.
      throw new InvalidSarifException(tool + " (run " + number + ") reports no results array: it did not finish");
    }
    for (JsonNode result : results) {
      readResult(run, tool, result).ifPresent(findings::add);
    }
    readNotifications(run, tool, findings);
  }

  /**
   * A file the tool could not analyse is a finding (nothing is known about it); a failure the
   * tool does not tie to a file means the scan did not finish.
   */
  private void readNotifications(JsonNode run, String tool, List<Finding> findings) throws InvalidSarifException {
    for (JsonNode invocation : run.path("invocations")) {
      boolean located = false;
      String firstError = null;
      for (String kind : List.of("toolExecutionNotifications", "toolConfigurationNotifications")) {
        for (JsonNode notification : invocation.path(kind)) {
          if (!notification.path("level").asText("warning").equals("error")) {
            continue;
          }
          String message = text(notification.path("message"), null).orElse("an error");
          Optional<String> path = path(run, notification.path("locations").path(0).path("physicalLocation"));
          if (path.isEmpty()) {
            firstError = firstError == null ? message : firstError;
            continue;
          }
          located = true;
          var finding = Finding.builder()
              .ruleId(UNANALYSED_FILE)
              .title(tool + " could not analyse this file")
              .severity(Severity.HIGH)
              .path(path.get())
              .description(clip(hide.apply(tool + " reported: " + message
                  + ". Nothing is known about this file's content."), MAX_TEXT_CHARS))
              .recommendation("Review the file by hand, or refuse the package; waive this rule only for "
                  + "files known to be harmless.")
              .scanner(scannerId);
          line(notification.path("locations").path(0).path("physicalLocation")).ifPresent(finding::line);
          findings.add(finding.build());
        }
      }
      if (firstError != null) {
        throw new InvalidSarifException(tool + " reports an error: " + clip(hide.apply(firstError), 300));
      }
      if (!located && invocation.path("executionSuccessful").isBoolean()
          && !invocation.path("executionSuccessful").asBoolean()) {
        throw new InvalidSarifException(tool + " reports that it did not run successfully");
      }
    }
  }

  private Optional<Finding> readResult(JsonNode run, String tool, JsonNode result) throws InvalidSarifException {
    if (!result.isObject()) {
      throw new InvalidSarifException(tool + " wrote a result that is not a JSON object");
    }
    String kind = result.path("kind").asText("fail");
    if (kind.equals("pass") || kind.equals("notApplicable") || result.path("baselineState").asText("").equals("absent")) {
      return Optional.empty();
    }
    JsonNode rule = rule(run, result);
    String ruleId = firstText(result.path("ruleId"), result.path("rule").path("id"), rule.path("id"))
        .orElse(tool.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-result");
    String message = text(result.path("message"), rule).orElse("");
    String title = firstText(rule.path("shortDescription").path("text"))
        .or(() -> Optional.of(message).filter(m -> !m.isBlank()))
        .orElse(ruleId);
    StringBuilder description = new StringBuilder(message.isBlank() ? title : message);
    if (result.path("suppressions").isArray() && !result.path("suppressions").isEmpty()) {
      description.append(" (The result is marked as suppressed; Airlock counts it anyway: only the policy waives findings.)");
    }
    JsonNode location = result.path("locations").path(0).path("physicalLocation");
    var finding = Finding.builder()
        .ruleId(clip(ruleId, MAX_TITLE_CHARS))
        .title(clip(hide.apply(oneLine(title)), MAX_TITLE_CHARS))
        .severity(severity(result, rule, kind))
        .description(clip(hide.apply(description.toString()), MAX_TEXT_CHARS))
        .recommendation(clip(hide.apply(recommendation(rule)), MAX_TEXT_CHARS))
        .scanner(scannerId);
    path(run, location).ifPresent(p -> {
      finding.path(p);
      line(location).ifPresent(finding::line);
    });
    return Optional.of(finding.build());
  }

  /**
   * {@code security-severity} (on the result, else its rule) when it is a number; else the level
   * (the result's, else the rule's default, else {@code warning}; results of another kind than
   * {@code fail} default to {@code none}).
   */
  static Severity severity(JsonNode result, JsonNode rule, String kind) {
    Optional<Double> score = securitySeverity(result).or(() -> securitySeverity(rule));
    if (score.isPresent()) {
      double s = score.get();
      return s >= 9 ? Severity.CRITICAL : s >= 7 ? Severity.HIGH : s >= 4 ? Severity.MEDIUM
          : s > 0 ? Severity.LOW : Severity.INFO;
    }
    String level = firstText(result.path("level"))
        .orElseGet(() -> kind.equals("fail")
            ? firstText(rule.path("defaultConfiguration").path("level")).orElse("warning")
            : "none");
    return switch (level) {
      case "error" -> Severity.HIGH;
      case "note" -> Severity.LOW;
      case "none" -> Severity.INFO;
      default -> Severity.MEDIUM; // warning, and anything unknown
    };
  }

  private static Optional<Double> securitySeverity(JsonNode node) {
    JsonNode value = node.path("properties").path("security-severity");
    try {
      double score = value.isNumber() ? value.asDouble()
          : value.isTextual() ? Double.parseDouble(value.asText().strip()) : Double.NaN;
      return Double.isFinite(score) && score >= 0 ? Optional.of(score) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The rule a result refers to (by index, in the driver or an extension, else by id), or a missing node. */
  private static JsonNode rule(JsonNode run, JsonNode result) {
    JsonNode reference = result.path("rule");
    JsonNode component = run.path("tool").path("driver");
    if (reference.path("toolComponent").path("index").canConvertToInt()) {
      component = run.path("tool").path("extensions").path(reference.path("toolComponent").path("index").asInt());
    }
    JsonNode index = result.has("ruleIndex") ? result.path("ruleIndex") : reference.path("index");
    if (index.canConvertToInt() && index.asInt() >= 0 && component.path("rules").path(index.asInt()).isObject()) {
      return component.path("rules").path(index.asInt());
    }
    String id = firstText(result.path("ruleId"), reference.path("id")).orElse(null);
    if (id != null) {
      List<JsonNode> components = new ArrayList<>(List.of(run.path("tool").path("driver")));
      run.path("tool").path("extensions").forEach(components::add);
      for (JsonNode c : components) {
        for (JsonNode candidate : c.path("rules")) {
          if (id.equals(candidate.path("id").asText(null))) {
            return candidate;
          }
        }
      }
    }
    return MissingNode.getInstance();
  }

  /** A message's text: its own, else the rule's message string it names, with {0}-style arguments filled in. */
  private static Optional<String> text(JsonNode message, JsonNode rule) {
    Optional<String> text = firstText(message.path("text"));
    if (text.isEmpty() && rule != null && message.path("id").isTextual()) {
      text = firstText(rule.path("messageStrings").path(message.path("id").asText()).path("text"));
    }
    if (text.isEmpty()) {
      text = firstText(message.path("markdown"));
    }
    return text.map(t -> {
      JsonNode arguments = message.path("arguments");
      for (int i = 0; i < arguments.size(); i++) {
        t = t.replace("{" + i + "}", arguments.path(i).asText(""));
      }
      return t;
    });
  }

  private static String recommendation(JsonNode rule) {
    return firstText(rule.path("help").path("text"))
        .or(() -> firstText(rule.path("helpUri")).map(uri -> "See " + uri))
        .orElse("Review the reported code before approving the package.");
  }

  private static Optional<Integer> line(JsonNode physicalLocation) {
    JsonNode line = physicalLocation.path("region").path("startLine");
    return line.canConvertToInt() && line.asInt() >= 1 ? Optional.of(line.asInt()) : Optional.empty();
  }

  /**
   * The location's path relative to the package: {@code file:} URIs inside the unpacked tree, URIs
   * relative to a base id the run defines as such (or leaves undefined, as {@code %SRCROOT%} usually
   * is), and plain relative paths. Anything pointing elsewhere gives no path, so the workspace's
   * own location never shows.
   */
  Optional<String> path(JsonNode run, JsonNode physicalLocation) {
    JsonNode artifact = physicalLocation.path("artifactLocation");
    if (!artifact.has("uri") && artifact.path("index").canConvertToInt()) {
      artifact = run.path("artifacts").path(artifact.path("index").asInt()).path("location");
    }
    Optional<String> uri = firstText(artifact.path("uri"));
    if (uri.isEmpty()) {
      return Optional.empty();
    }
    return locate(run, uri.get(), firstText(artifact.path("uriBaseId")).orElse(null), 0);
  }

  private Optional<String> locate(JsonNode run, String uriText, String baseId, int depth) {
    URI uri;
    try {
      uri = new URI(uriText);
    } catch (URISyntaxException e) {
      // not a valid URI (spaces, say): read as a plain path, as some tools write
      return uriText.startsWith("/") ? insideTree(uriText) : relative(uriText);
    }
    if (uri.isAbsolute()) {
      return "file".equalsIgnoreCase(uri.getScheme()) ? insideTree(uri) : Optional.empty();
    }
    String path = uri.getPath() == null ? uriText : uri.getPath();
    if (path.startsWith("/")) {
      return insideTree(path); // an absolute path written without the file: scheme
    }
    if (baseId == null || depth > 8) {
      return relative(path);
    }
    JsonNode base = run.path("originalUriBaseIds").path(baseId);
    Optional<String> baseUri = firstText(base.path("uri"));
    if (baseUri.isEmpty()) {
      return relative(path); // an undefined base (%SRCROOT%) is the folder the tool ran in
    }
    String joined = baseUri.get().endsWith("/") ? baseUri.get() + uriText : baseUri.get() + "/" + uriText;
    return locate(run, joined, firstText(base.path("uriBaseId")).orElse(null), depth + 1);
  }

  private Optional<String> insideTree(URI uri) {
    try {
      return insideTree(Path.of(uri));
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  private Optional<String> insideTree(String absolutePath) {
    try {
      return insideTree(Path.of(absolutePath));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private Optional<String> insideTree(Path file) {
    Path path = file.toAbsolutePath().normalize();
    for (Path root : roots) {
      if (path.startsWith(root) && !path.equals(root)) {
        return relative(root.relativize(path).toString().replace('\\', '/'));
      }
    }
    return Optional.empty();
  }

  /** A relative path, normalised; empty when it climbs out of the package or names nothing. */
  private static Optional<String> relative(String path) {
    List<String> parts = new ArrayList<>();
    String normal = path.replace('\\', '/');
    if (normal.startsWith("/")) {
      return Optional.empty();
    }
    for (String segment : normal.split("/", -1)) {
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.remove(parts.size() - 1);
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        parts.add(segment);
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
  }

  private static Optional<String> firstText(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      if (node.isTextual() && !node.asText().isBlank()) {
        return Optional.of(node.asText());
      }
    }
    return Optional.empty();
  }

  private static String oneLine(String text) {
    return text.strip().lines().findFirst().orElse("").strip();
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}

package dev.airlock.adapter.output.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The findings of a run as SARIF 2.1.0 ({@code airlock-findings.sarif}), for code-scanning tools:
 * one SARIF run per scanner, its rules, and one result per finding located inside its package.
 * Requests decided by an earlier run were not scanned and add no results.
 */
public final class SarifRunReport {
  /** Every result's location is relative to the root of the package it was found in. */
  static final String PACKAGE_ROOT = "PACKAGE_ROOT";

  private SarifRunReport() {}

  /** The SARIF log of {@code result}. */
  public static ObjectNode document(RunResult result, RunInputs inputs) {
    Set<String> scanners = new LinkedHashSet<>(inputs.scanners());
    scanned(result).forEach(scan -> scan.findings().forEach(f -> scanners.add(f.scanner())));
    ObjectNode log = JsonRunReport.JSON.createObjectNode();
    log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    log.put("version", "2.1.0");
    ArrayNode runs = log.putArray("runs");
    for (String scanner : scanners) {
      runs.add(run(scanner, result, inputs));
    }
    return log;
  }

  private static ObjectNode run(String scanner, RunResult result, RunInputs inputs) {
    ObjectNode run = JsonRunReport.JSON.createObjectNode();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "airlock-" + scanner);
    driver.put("fullName", "Airlock " + scanner + " scanner");
    driver.put("version", inputs.toolVersion());
    Map<String, ObjectNode> rules = new LinkedHashMap<>();
    Map<String, Severity> ruleSeverity = new LinkedHashMap<>();
    ArrayNode rulesNode = driver.putArray("rules");
    ArrayNode results = JsonRunReport.JSON.createArrayNode();
    for (Scan scan : scanned(result)) {
      for (Finding finding : scan.findings()) {
        if (!finding.scanner().equals(scanner)) {
          continue;
        }
        ObjectNode rule = rules.computeIfAbsent(finding.ruleId(), id -> rule(finding));
        Severity worst = ruleSeverity.merge(finding.ruleId(), finding.severity(),
            (a, b) -> a.compareTo(b) >= 0 ? a : b);
        rule.withObjectProperty("properties").put("security-severity", securitySeverity(worst));
        rule.withObjectProperty("defaultConfiguration").put("level", level(worst));
        results.add(result(scan, finding, List.copyOf(rules.keySet()).indexOf(finding.ruleId())));
      }
    }
    rules.values().forEach(rulesNode::add);
    run.putObject("automationDetails").put("id", "airlock/" + scanner + "/" + result.runId());
    run.putObject("originalUriBaseIds").putObject(PACKAGE_ROOT).putObject("description")
        .put("text", "The root of the package archive named by each result's 'package' property.");
    run.set("results", results);
    return run;
  }

  private static ObjectNode rule(Finding finding) {
    ObjectNode rule = JsonRunReport.JSON.createObjectNode();
    rule.put("id", finding.ruleId());
    rule.putObject("shortDescription").put("text", nonBlank(finding.title(), finding.ruleId()));
    if (!finding.description().isBlank()) {
      rule.putObject("fullDescription").put("text", finding.description());
    }
    if (!finding.recommendation().isBlank()) {
      rule.putObject("help").put("text", finding.recommendation());
    }
    rule.putObject("properties").putArray("tags").add("security");
    return rule;
  }

  private static ObjectNode result(Scan scan, Finding finding, int ruleIndex) {
    ObjectNode node = JsonRunReport.JSON.createObjectNode();
    node.put("ruleId", finding.ruleId());
    node.put("ruleIndex", ruleIndex);
    node.put("level", level(finding.severity()));
    node.putObject("message").put("text", nonBlank(finding.title(), finding.ruleId())
        + (finding.recommendation().isBlank() ? "" : " What to do: " + finding.recommendation()));
    ObjectNode location = node.putArray("locations").addObject();
    finding.path().ifPresent(path -> {
      ObjectNode physical = location.putObject("physicalLocation");
      ObjectNode artifact = physical.putObject("artifactLocation");
      artifact.put("uri", uriReference(path));
      artifact.put("uriBaseId", PACKAGE_ROOT);
      if (finding.line().isPresent()) {
        physical.putObject("region").put("startLine", finding.line().getAsInt());
      }
    });
    location.putArray("logicalLocations").addObject()
        .put("name", scan.request().name()).put("kind", "module");
    ObjectNode properties = node.putObject("properties");
    properties.put("security-severity", securitySeverity(finding.severity()));
    properties.put("severity", finding.severity().name());
    properties.put("package", scan.request().name());
    properties.put("url", scan.request().displayUrl());
    scan.outcome().sha256().ifPresent(sha -> properties.put("sha256", sha.hex()));
    properties.put("status", scan.outcome().status().name());
    properties.put("blocking", scan.outcome().blockingFindings().contains(finding));
    properties.put("waived", scan.verdict().waivedFindings().contains(finding));
    if (scan.verdict().auditFindings().contains(finding)) {
      properties.put("wouldBlockUnderEnforcement", true); // the policy's audit mode let it through
    }
    return node;
  }

  /** GitHub code scanning's bands: 9.0+ critical, 7.0+ high, 4.0+ medium, 0.1+ low. */
  static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "2.0";
      case INFO -> "0.0";
    };
  }

  static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** A relative URI reference for a path inside an archive: spaces and such escaped, never read as a scheme. */
  static String uriReference(String path) {
    String relative = path.replace('\\', '/').replaceFirst("^/+", "");
    if (relative.contains(":") && relative.indexOf(':') < (relative.indexOf('/') < 0 ? Integer.MAX_VALUE
        : relative.indexOf('/'))) {
      relative = "./" + relative;
    }
    try {
      return new URI(null, null, relative, null).toASCIIString();
    } catch (URISyntaxException e) {
      return "unknown";
    }
  }

  private static String nonBlank(String text, String fallback) {
    return text.isBlank() ? fallback : text;
  }

  private static List<Scan> scanned(RunResult result) {
    return result.outcomes().stream()
        .filter(o -> o.request().isPresent() && o.verdict().isPresent())
        .map(o -> new Scan(o.request().get(), o, o.verdict().get()))
        .toList();
  }

  /** A request scanned in this run. */
  private record Scan(PackageRequest request, RequestOutcome outcome, ScanVerdict verdict) {
    /** Every finding, and the audit findings that are not among them (a release-age deferral audit mode skipped). */
    List<Finding> findings() {
      List<Finding> all = new java.util.ArrayList<>(verdict.findings());
      verdict.auditFindings().stream().filter(f -> !all.contains(f)).forEach(all::add);
      return all;
    }
  }
}

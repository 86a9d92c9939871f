package dev.airlock.adapter.output.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.application.result.ClosureReport;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.ClosureNode;
import dev.airlock.domain.DisplayUrls;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable report of a run ({@code airlock-report.json}, and {@code run --format json}
 * on stdout), shaped as {@value #SCHEMA_RESOURCE} describes. Bump {@link #SCHEMA_VERSION} when a
 * field is removed or changes meaning; adding a field keeps the version.
 */
public final class JsonRunReport {
  /** The version of the document's shape. */
  public static final int SCHEMA_VERSION = 2;
  /** The JSON Schema (draft 2020-12) of the document, on the classpath. */
  public static final String SCHEMA_RESOURCE = "/dev/airlock/adapter/output/report/airlock-report.schema.json";

  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonRunReport() {}

  /** The report document of {@code result}. */
  public static ObjectNode document(RunResult result, RunInputs inputs) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schemaVersion", SCHEMA_VERSION);
    doc.put("runId", result.runId());
    ObjectNode tool = doc.putObject("tool");
    tool.put("name", "airlock");
    tool.put("version", inputs.toolVersion());
    doc.put("source", result.source());
    doc.set("inputs", inputs(inputs));
    doc.put("startedAt", result.startedAt().toString());
    doc.put("finishedAt", result.finishedAt().toString());
    doc.put("durationMillis", Duration.between(result.startedAt(), result.finishedAt()).toMillis());
    ObjectNode summary = doc.putObject("summary");
    for (RequestOutcome.Status status : RequestOutcome.Status.values()) {
      summary.put(status.name().toLowerCase(Locale.ROOT), result.count(status));
    }
    ArrayNode requests = doc.putArray("requests");
    result.outcomes().forEach(outcome -> requests.add(request(outcome)));
    ArrayNode warnings = doc.putArray("warnings");
    result.warnings().forEach(warnings::add);
    return doc;
  }

  private static ObjectNode inputs(RunInputs inputs) {
    ObjectNode node = JSON.createObjectNode();
    node.put("source", inputs.source());
    inputs.scanners().forEach(node.putArray("scanners")::add);
    node.put("repository", inputs.repository());
    inputs.notifiers().forEach(node.putArray("notifiers")::add);
    node.put("ledger", inputs.ledger());
    node.put("policy", inputs.policy());
    node.put("threshold", inputs.threshold());
    return node;
  }

  private static ObjectNode request(RequestOutcome outcome) {
    ObjectNode r = JSON.createObjectNode();
    outcome.request().ifPresentOrElse(request -> {
      ObjectNode key = r.putObject("key");
      key.put("package", request.normalisedName());
      key.put("url", request.displayUrl());
      r.put("package", request.name());
      r.put("url", request.displayUrl());
      request.line().ifPresent(line -> r.put("line", line));
      r.put("requester", request.requester().id());
      if (request.requester().outsideThisChange()) {
        r.put("requesterOutsideChange", true); // the triggering push did not add this row
      }
    }, () -> r.put("line", outcome.rowError().orElseThrow().line()));
    r.put("status", outcome.status().name());
    outcome.verdict().map(ScanVerdict::outcome)
        .or(() -> outcome.previousDecision().map(d -> d.outcome()))
        .ifPresent(v -> r.put("verdict", v.name()));
    outcome.previousDecision().ifPresent(d -> {
      ObjectNode earlier = r.putObject("decidedEarlier");
      earlier.put("runId", d.runId());
      earlier.put("decidedAt", d.decidedAt().toString());
    });
    outcome.sha256().ifPresent(sha -> r.put("sha256", sha.hex()));
    outcome.version().ifPresent(v -> r.put("version", v));
    outcome.publication().ifPresent(p -> r.set("publication", publication(p)));
    outcome.errorReason().ifPresent(e -> r.put("error", e));
    r.set("findings", findings(outcome.verdict().map(ScanVerdict::findings).orElse(List.of())));
    r.set("blockingFindings", findings(outcome.blockingFindings()));
    r.set("waivedFindings", findings(outcome.verdict().map(ScanVerdict::waivedFindings).orElse(List.of())));
    ArrayNode expired = r.putArray("expiredWaivers");
    outcome.verdict().map(ScanVerdict::expiredWaivers).orElse(List.of()).forEach(w -> expired.add(w.toString()));
    outcome.closure().ifPresent(c -> r.set("closure", closure(c)));
    outcome.startedAt().ifPresent(at -> r.put("startedAt", at.toString()));
    outcome.finishedAt().ifPresent(at -> r.put("finishedAt", at.toString()));
    r.put("durationMillis", outcome.duration().toMillis());
    return r;
  }

  /** How the request belongs to release rows' closures: the requested one carries the whole tree. */
  private static ObjectNode closure(ClosureReport closure) {
    ObjectNode node = JSON.createObjectNode();
    node.put("role", closure.tree().isPresent() ? "requested" : "dependency");
    node.put("requested", closure.requested());
    closure.blockedBecause().ifPresent(b -> node.put("blockedBecause", b));
    closure.tree().ifPresent(tree -> node.set("tree", closureNode(tree)));
    return node;
  }

  private static ObjectNode closureNode(ClosureNode artifact) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ecosystem", artifact.ecosystem());
    node.put("name", artifact.name());
    node.put("version", artifact.version());
    node.put("file", artifact.fileName());
    node.put("url", DisplayUrls.of(artifact.url()));
    artifact.sha256().ifPresent(sha -> node.put("sha256", sha.hex()));
    artifact.integrity().ifPresent(i -> node.put("integrity", i.toString()));
    node.put("verdict", artifact.verdict());
    node.put("reused", artifact.reused());
    artifact.reason().ifPresent(r -> node.put("reason", r));
    artifact.uploadedAt().ifPresent(at -> node.put("uploadedAt", at.toString()));
    node.put("yanked", artifact.yanked());
    artifact.licence().ifPresent(l -> node.put("licence", l));
    ArrayNode dependencies = node.putArray("dependencies");
    artifact.dependencies().forEach(d -> dependencies.add(closureNode(d)));
    return node;
  }

  private static ObjectNode publication(Publication p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("repository", p.repository());
    node.put("package", p.packageName());
    node.put("version", p.version());
    node.put("asset", p.assetName());
    node.put("sha256", p.sha256().hex());
    node.put("location", p.location());
    node.put("install", p.installInstructions());
    return node;
  }

  /** Findings as report objects; also used by {@code scan --format json}. */
  public static ArrayNode findings(List<Finding> findings) {
    ArrayNode array = JSON.createArrayNode();
    for (Finding f : findings) {
      ObjectNode node = array.addObject();
      node.put("rule", f.ruleId());
      node.put("severity", f.severity().name());
      node.put("title", f.title());
      f.path().ifPresent(p -> node.put("file", p));
      if (f.line().isPresent()) {
        node.put("line", f.line().getAsInt());
      }
      node.put("description", f.description());
      node.put("recommendation", f.recommendation());
      node.put("scanner", f.scanner());
    }
    return array;
  }
}

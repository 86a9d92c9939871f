package dev.airlock.bootstrap.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.airlock.application.port.in.RequestOutcome;
import dev.airlock.application.port.in.RunResult;
import dev.airlock.application.port.in.ScanArchiveResult;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Renders results: the summary table for people, one JSON document for machines. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final int MAX_CELL = 60;

  private Output() {}

  static ObjectNode newObject() {
    return JSON.createObjectNode();
  }

  static void printJson(PrintWriter out, ObjectNode document) {
    try {
      out.println(JSON.writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  // ---- run ----

  static void printRunTable(PrintWriter out, RunResult result) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PACKAGE", "VERDICT", "TOP FINDING", "PUBLISHED AS"});
    for (RequestOutcome outcome : result.outcomes()) {
      rows.add(new String[] {
          outcome.label(),
          verdictLabel(outcome),
          topFinding(outcome),
          outcome.publication().map(p -> p.packageName() + " " + p.version() + " (" + p.repository() + ")").orElse("-")});
    }
    printTable(out, rows);
    long elsewhere = result.count(RequestOutcome.Status.IN_PROGRESS_ELSEWHERE);
    out.printf("%d approved, %d refused, %d error, %d already decided%s (run %s)%n",
        result.count(RequestOutcome.Status.APPROVED), result.count(RequestOutcome.Status.REFUSED),
        result.count(RequestOutcome.Status.ERROR), result.count(RequestOutcome.Status.ALREADY_DECIDED),
        elsewhere > 0 ? ", " + elsewhere + " in progress in another run" : "", result.runId());
  }

  private static String verdictLabel(RequestOutcome outcome) {
    if (outcome.status() == RequestOutcome.Status.ALREADY_DECIDED) {
      return outcome.previousDecision().map(d -> d.outcome() + " (earlier)").orElse("DECIDED EARLIER");
    }
    return outcome.status().name();
  }

  private static String topFinding(RequestOutcome outcome) {
    if (outcome.status() == RequestOutcome.Status.ERROR) {
      return outcome.errorReason().orElse("error");
    }
    List<Finding> candidates = !outcome.blockingFindings().isEmpty() ? outcome.blockingFindings()
        : outcome.verdict().map(ScanVerdict::findings).orElse(List.of());
    return worst(candidates).map(f -> f.severity() + " " + f.ruleId() + " " + f.location()).orElse("-");
  }

  private static Optional<Finding> worst(List<Finding> findings) {
    return findings.stream().max(Comparator.comparing(Finding::severity));
  }

  static ObjectNode runDocument(RunResult result) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schemaVersion", 1);
    doc.put("runId", result.runId());
    doc.put("source", result.source());
    doc.put("startedAt", result.startedAt().toString());
    doc.put("finishedAt", result.finishedAt().toString());
    ObjectNode summary = doc.putObject("summary");
    for (RequestOutcome.Status status : RequestOutcome.Status.values()) {
      summary.put(status.name().toLowerCase(java.util.Locale.ROOT), result.count(status));
    }
    ArrayNode requests = doc.putArray("requests");
    for (RequestOutcome outcome : result.outcomes()) {
      ObjectNode r = requests.addObject();
      outcome.request().ifPresentOrElse(request -> {
        r.put("package", request.name());
        r.put("url", request.displayUrl());
        request.line().ifPresent(line -> r.put("line", line));
        r.put("requester", request.requester().id());
      }, () -> r.put("line", outcome.rowError().orElseThrow().line()));
      r.put("status", outcome.status().name());
      outcome.sha256().ifPresent(sha -> r.put("sha256", sha.hex()));
      outcome.version().ifPresent(v -> r.put("version", v));
      outcome.publication().ifPresent(p -> r.set("publication", publication(p)));
      outcome.errorReason().ifPresent(e -> r.put("error", e));
      outcome.verdict().ifPresent(v -> r.set("findings", findings(v.findings())));
      r.set("blockingFindings", findings(outcome.blockingFindings()));
      r.put("durationMillis", outcome.duration().toMillis());
    }
    ArrayNode warnings = doc.putArray("warnings");
    result.warnings().forEach(warnings::add);
    return doc;
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

  private static ArrayNode findings(List<Finding> findings) {
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

  // ---- scan ----

  static void printScan(PrintWriter out, Path archive, ScanArchiveResult result) {
    ScanVerdict verdict = result.verdict();
    out.printf("%s (%s, %d bytes, sha256 %s)%n", archive, result.packageName(), result.size(), result.sha256().hex());
    if (!verdict.findings().isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"SEVERITY", "RULE", "LOCATION", "TITLE"});
      verdict.findings().stream().sorted(Comparator.comparing(Finding::severity).reversed())
          .forEach(f -> rows.add(new String[] {f.severity().name(), f.ruleId(), f.location(), f.title()}));
      printTable(out, rows);
    }
    switch (verdict.outcome()) {
      case APPROVED -> out.printf("would approve: %d finding(s), none at or above the threshold%s%n",
          verdict.findings().size(), verdict.waivedFindings().isEmpty() ? ""
              : " once " + verdict.waivedFindings().size() + " waived");
      case REFUSED -> out.printf("would refuse: %d blocking finding(s)%n", verdict.blockingFindings().size());
      case ERROR -> out.printf("error: %s%n", verdict.errorReason().orElse("unknown"));
    }
    verdict.expiredWaivers().forEach(w -> out.println("note: waiver " + w + " has expired"));
  }

  static ObjectNode scanDocument(Path archive, ScanArchiveResult result) {
    ScanVerdict verdict = result.verdict();
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schemaVersion", 1);
    doc.put("archive", archive.toString());
    doc.put("package", result.packageName());
    doc.put("sha256", result.sha256().hex());
    doc.put("size", result.size());
    ArrayNode scanners = doc.putArray("scanners");
    result.scanners().forEach(scanners::add);
    doc.put("verdict", verdict.outcome().name());
    verdict.errorReason().ifPresent(e -> doc.put("error", e));
    doc.set("findings", findings(verdict.findings()));
    doc.set("blockingFindings", findings(verdict.blockingFindings()));
    doc.set("waivedFindings", findings(verdict.waivedFindings()));
    ArrayNode expired = doc.putArray("expiredWaivers");
    verdict.expiredWaivers().forEach(w -> expired.add(w.toString()));
    doc.put("durationMillis", result.duration().toMillis());
    return doc;
  }

  // ---- tables ----

  private static void printTable(PrintWriter out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        row[c] = clip(row[c]);
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        line.append(c == columns - 1 ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String clip(String cell) {
    String flat = cell.replaceAll("\\s+", " ");
    return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 1) + "…";
  }
}

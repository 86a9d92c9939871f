package dev.airlock.bootstrap.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.airlock.adapter.output.report.JsonRunReport;
import dev.airlock.adapter.output.report.RunInputs;
import dev.airlock.application.message.CheckMessages;
import dev.airlock.application.result.CheckResult;
import dev.airlock.application.result.RequestCheck;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.result.RunSummary;
import dev.airlock.application.result.ScanArchiveResult;
import dev.airlock.domain.Finding;
import dev.airlock.domain.ScanVerdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

  /** The summary table ({@link RunSummary}), the verdict coloured when {@code colour} is on. */
  static void printRunTable(PrintWriter out, RunResult result, boolean colour) {
    List<String[]> rows = new ArrayList<>();
    rows.add(RunSummary.HEADER.toArray(String[]::new));
    RunSummary.rows(result).forEach(row -> rows.add(row.toArray(String[]::new)));
    List<String> lines = tableLines(rows);
    out.println(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      out.println(colour ? colourVerdict(line, result.outcomes().get(i - 1).status()) : line);
    }
    printErrorsInFull(out, result);
    out.println(RunSummary.totals(result));
  }

  /** The error reasons the table had to cut short, whole: the table keeps its columns, nobody loses the cause. */
  private static void printErrorsInFull(PrintWriter out, RunResult result) {
    List<RequestOutcome> cut = result.outcomes().stream()
        .filter(o -> o.status() == RequestOutcome.Status.ERROR)
        .filter(o -> !clip(RunSummary.topFinding(o)).equals(RunSummary.topFinding(o)))
        .toList();
    if (!cut.isEmpty()) {
      out.println("in full:");
      // An unreadable row's reason starts with its line already.
      cut.forEach(o -> out.println("  " + (o.request().isPresent() ? o.label() + ": " : "") + RunSummary.topFinding(o)));
    }
  }

  /** Green approved, red refused, yellow error, dim for decided earlier: the whole row, so columns stay aligned. */
  private static String colourVerdict(String line, RequestOutcome.Status status) {
    String code = switch (status) {
      case APPROVED -> "\u001b[32m";
      case REFUSED -> "\u001b[31m";
      case ERROR -> "\u001b[33m";
      default -> "\u001b[2m";
    };
    return code + line + "\u001b[0m";
  }

  // ---- check ----

  /** The check's table: what a run would decide for each added row, the policy change's effect, the totals. */
  static void printCheckTable(PrintWriter out, CheckResult result, boolean colour) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PACKAGE", "WOULD BE", "TOP FINDING", "REQUESTED BY"});
    for (RequestCheck check : result.requests()) {
      RequestOutcome outcome = check.outcome();
      String verdict = switch (outcome.status()) {
        case APPROVED -> "APPROVED";
        case REFUSED -> "REFUSED";
        default -> "ERROR";
      };
      rows.add(new String[] {outcome.label(), verdict, RunSummary.topFinding(outcome),
          outcome.request().map(r -> r.requester().id()).orElse("-")});
    }
    List<String> lines = tableLines(rows);
    out.println(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      RequestCheck check = result.requests().get(i - 1);
      String line = lines.get(i);
      out.println(colour ? colourVerdict(line, check.outcome().status()) : line);
      CheckMessages.policyEffect(check).ifPresent(effect -> out.println("  ↳ " + effect));
    }
    out.println(CheckMessages.summary(result, 300));
    out.println(CheckMessages.ADVICE_ONLY);
  }

  /**
   * The run's JSON document of the check's outcomes, with a {@code check} object: that it is advice,
   * the pull request, whether it changes the policy, and each row's policy effect.
   */
  static ObjectNode checkDocument(CheckResult result, RunInputs inputs, Optional<Integer> pullRequest) {
    ObjectNode doc = JsonRunReport.document(result.run(), inputs);
    ObjectNode check = doc.putObject("check");
    check.put("adviceOnly", true);
    pullRequest.ifPresent(n -> check.put("pullRequest", n));
    result.run().commit().ifPresent(c -> check.put("head", c));
    check.put("policyChanged", result.policyChanged());
    check.put("summary", CheckMessages.summary(result, 300));
    ArrayNode requests = check.putArray("requests");
    for (RequestCheck c : result.requests()) {
      ObjectNode node = requests.addObject();
      node.put("package", c.outcome().label());
      node.put("wouldBe", c.outcome().status().name());
      node.put("policyEffect", c.policyEffect().name());
      CheckMessages.policyEffect(c).ifPresent(text -> node.put("policyEffectText", text));
      c.beforePolicyChange().ifPresent(v -> node.put("beforePolicyChange", v.outcome().name()));
      ArrayNode waivers = node.putArray("addedWaivers");
      c.addedWaivers().forEach(w -> waivers.add(w.toString()));
    }
    return doc;
  }

  // ---- scan ----

  /** One archive and what its scan found. */
  record Scanned(Path archive, ScanArchiveResult result) {}

  /** The worst verdict of the scans: ERROR over REFUSED over APPROVED. */
  static ScanVerdict.Outcome worst(List<Scanned> scans) {
    ScanVerdict.Outcome worst = ScanVerdict.Outcome.APPROVED;
    for (Scanned scan : scans) {
      ScanVerdict.Outcome outcome = scan.result().verdict().outcome();
      if (outcome == ScanVerdict.Outcome.ERROR || outcome == ScanVerdict.Outcome.REVOKED) {
        worst = ScanVerdict.Outcome.ERROR;
      } else if (outcome == ScanVerdict.Outcome.REFUSED && worst == ScanVerdict.Outcome.APPROVED) {
        worst = outcome;
      }
    }
    return worst;
  }

  /** Each archive's findings and verdict; after several, a line counting the verdicts. */
  static void printScans(PrintWriter out, List<Scanned> scans) {
    for (int i = 0; i < scans.size(); i++) {
      if (i > 0) {
        out.println();
      }
      printScan(out, scans.get(i).archive(), scans.get(i).result());
    }
    if (scans.size() > 1) {
      Map<ScanVerdict.Outcome, Long> counts = scans.stream().collect(Collectors.groupingBy(
          s -> s.result().verdict().outcome(), () -> new EnumMap<>(ScanVerdict.Outcome.class), Collectors.counting()));
      out.printf("%n%d archives: %d would be approved, %d refused, %d error%n", scans.size(),
          counts.getOrDefault(ScanVerdict.Outcome.APPROVED, 0L), counts.getOrDefault(ScanVerdict.Outcome.REFUSED, 0L),
          counts.getOrDefault(ScanVerdict.Outcome.ERROR, 0L));
    }
  }

  static void printScan(PrintWriter out, Path archive, ScanArchiveResult result) {
    ScanVerdict verdict = result.verdict();
    out.printf("%s (%s, %d bytes, sha256 %s)%n", archive, result.packageName(), result.size(), result.sha256().hex());
    if (!verdict.findings().isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"SEVERITY", "RULE", "LOCATION", "TITLE"});
      verdict.findings().stream().sorted(Comparator.comparing(Finding::severity).reversed())
          .forEach(f -> rows.add(new String[] {
              f.severity().name() + (verdict.waivedFindings().contains(f) ? " (waived)" : ""),
              f.ruleId(), f.location(), f.title()}));
      printTable(out, rows);
    }
    switch (verdict.outcome()) {
      case APPROVED -> out.printf("would approve: %d finding(s), none at or above the threshold%s%n",
          verdict.findings().size(), verdict.waivedFindings().isEmpty() ? ""
              : " once " + verdict.waivedFindings().size() + " waived");
      case REFUSED -> out.printf("would refuse: %d blocking finding(s)%s%n", verdict.blockingFindings().size(),
          verdict.waivedFindings().isEmpty() ? "" : " (" + verdict.waivedFindings().size() + " more waived)");
      case ERROR -> out.printf("error: %s%n", verdict.errorReason().orElse("unknown"));
      case REVOKED -> { } // only a re-evaluation revokes; a scan decides afresh
      case DEFERRED -> out.printf("would defer: too new for the minimum release age, eligible on %s%n",
          verdict.eligibleAt().map(Object::toString).orElse("an unknown date"));
    }
    verdict.expiredWaivers().forEach(w -> out.println("note: waiver " + w + " has expired"));
  }

  /** The JSON document of one archive's scan; each finding says whether a waiver covers it. */
  static ObjectNode scanDocument(Scanned scan) {
    Path archive = scan.archive();
    ScanArchiveResult result = scan.result();
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
    ArrayNode findings = JsonRunReport.findings(verdict.findings());
    for (int i = 0; i < verdict.findings().size(); i++) {
      ((ObjectNode) findings.get(i)).put("waived", verdict.waivedFindings().contains(verdict.findings().get(i)));
    }
    doc.set("findings", findings);
    doc.set("blockingFindings", JsonRunReport.findings(verdict.blockingFindings()));
    ArrayNode waived = JsonRunReport.findings(verdict.waivedFindings());
    waived.forEach(f -> ((ObjectNode) f).put("waived", true));
    doc.set("waivedFindings", waived);
    ArrayNode expired = doc.putArray("expiredWaivers");
    verdict.expiredWaivers().forEach(w -> expired.add(w.toString()));
    doc.put("durationMillis", result.duration().toMillis());
    return doc;
  }

  /** The JSON document of several scans: the worst verdict, then one {@link #scanDocument} per archive. */
  static ObjectNode scansDocument(List<Scanned> scans) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("schemaVersion", 1);
    doc.put("verdict", worst(scans).name());
    ArrayNode archives = doc.putArray("archives");
    scans.forEach(scan -> {
      ObjectNode one = scanDocument(scan);
      one.remove("schemaVersion");
      archives.add(one);
    });
    return doc;
  }

  // ---- tables ----

  private static void printTable(PrintWriter out, List<String[]> rows) {
    tableLines(rows).forEach(out::println);
  }

  private static List<String> tableLines(List<String[]> rows) {
    List<String> lines = new ArrayList<>();
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
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String clip(String cell) {
    String flat = cell.replaceAll("\\s+", " ");
    return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 1) + "…";
  }
}

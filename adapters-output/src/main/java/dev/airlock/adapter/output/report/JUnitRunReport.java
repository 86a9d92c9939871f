package dev.airlock.adapter.output.report;

import dev.airlock.application.message.OutcomeMessages;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalInt;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run as JUnit XML ({@code airlock-junit.xml}) for CodeBuild's JUnit report group: one test
 * case per request; refused is a failure listing the blocking findings, error is an error, decided
 * earlier is skipped.
 */
public final class JUnitRunReport {
  private static final int MAX_FINDINGS = 50;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private JUnitRunReport() {}

  /** Writes the report of {@code result} to {@code out} as UTF-8. */
  public static void write(RunResult result, RunInputs inputs, OutputStream out) throws IOException {
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      String tests = Integer.toString(result.outcomes().size());
      String failures = Long.toString(result.count(RequestOutcome.Status.REFUSED)
          + result.count(RequestOutcome.Status.REVOKED) + result.count(RequestOutcome.Status.WOULD_REVOKE));
      String errors = Long.toString(result.count(RequestOutcome.Status.ERROR));
      String time = seconds(Duration.between(result.startedAt(), result.finishedAt()));
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "airlock");
      xml.writeAttribute("tests", tests);
      xml.writeAttribute("failures", failures);
      xml.writeAttribute("errors", errors);
      xml.writeAttribute("time", time);
      xml.writeCharacters("\n  ");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", text("airlock run " + result.runId()));
      xml.writeAttribute("tests", tests);
      xml.writeAttribute("failures", failures);
      xml.writeAttribute("errors", errors);
      xml.writeAttribute("skipped", Long.toString(result.count(RequestOutcome.Status.ALREADY_DECIDED)
          + result.count(RequestOutcome.Status.IN_PROGRESS_ELSEWHERE) + result.count(RequestOutcome.Status.DEFERRED)));
      // A reopened or re-checked package is a passing case, like an approval.
      xml.writeAttribute("time", time);
      xml.writeAttribute("timestamp", TIMESTAMP.format(result.startedAt()));
      xml.writeCharacters("\n    ");
      xml.writeStartElement("properties");
      property(xml, "runId", result.runId());
      property(xml, "source", result.source());
      property(xml, "scanners", String.join(",", inputs.scanners()));
      property(xml, "threshold", inputs.threshold());
      property(xml, "airlockVersion", inputs.toolVersion());
      xml.writeCharacters("\n    ");
      xml.writeEndElement();
      for (RequestOutcome outcome : result.outcomes()) {
        testCase(xml, outcome);
      }
      if (!result.warnings().isEmpty()) {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-err");
        xml.writeCharacters(text(String.join("\n", result.warnings())));
        xml.writeEndElement();
      }
      xml.writeCharacters("\n  ");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private static void testCase(XMLStreamWriter xml, RequestOutcome outcome) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "airlock.requests");
    OptionalInt line = outcome.request().map(r -> r.line()).orElse(OptionalInt.empty());
    xml.writeAttribute("name", text(outcome.label() + (line.isPresent() ? " (line " + line.getAsInt() + ")" : "")));
    xml.writeAttribute("time", seconds(outcome.duration()));
    switch (outcome.status()) {
      case REFUSED, REVOKED, WOULD_REVOKE -> detail(xml, "failure", outcome.status().name(),
          OutcomeMessages.subject(outcome, 200), OutcomeMessages.body(outcome, MAX_FINDINGS));
      case ERROR -> detail(xml, "error", "ERROR", outcome.errorReason().orElse("error"),
          OutcomeMessages.body(outcome, MAX_FINDINGS));
      case ALREADY_DECIDED -> detail(xml, "skipped", "ALREADY_DECIDED",
          outcome.previousDecision().map(d -> "decided " + d.outcome() + " earlier, in run " + d.runId())
              .orElse("decided earlier"), null);
      case APPROVED, REOPENED, UNCHANGED, WOULD_REOPEN -> {
        xml.writeStartElement("system-out");
        xml.writeCharacters(text(OutcomeMessages.body(outcome, MAX_FINDINGS)));
        xml.writeEndElement();
      }
      case IN_PROGRESS_ELSEWHERE -> detail(xml, "skipped", "IN_PROGRESS_ELSEWHERE",
          "another run holds the claim on this content and decides it", null);
      case DEFERRED -> detail(xml, "skipped", "DEFERRED", OutcomeMessages.subject(outcome, 200),
          OutcomeMessages.body(outcome, MAX_FINDINGS));
    }
    xml.writeEndElement();
  }

  private static void detail(XMLStreamWriter xml, String element, String type, String message, String body)
      throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeAttribute("type", type);
    xml.writeAttribute("message", text(message));
    if (body != null) {
      xml.writeCharacters(text(body));
    }
    xml.writeEndElement();
  }

  private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
    xml.writeCharacters("\n      ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", text(value));
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
  }

  /**
   * Drops what XML 1.0 cannot carry (control characters, lone surrogates): finding titles come from
   * untrusted packages and must not make the report unreadable.
   */
  static String text(String value) {
    StringBuilder s = new StringBuilder(value.length());
    value.codePoints().forEach(c -> {
      boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
      s.appendCodePoint(allowed ? c : 0xFFFD);
    });
    return s.toString();
  }
}

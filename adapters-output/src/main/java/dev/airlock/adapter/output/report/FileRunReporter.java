package dev.airlock.adapter.output.report;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.result.RunResult;
import dev.airlock.files.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's four reports into one folder, each atomically (readers see the old file or the
 * new, never half): JSON report, JUnit XML, SARIF findings and the Markdown summary. A report that
 * cannot be written does not stop the others.
 */
public final class FileRunReporter implements RunReporter {
  /** The JSON report's file name. */
  public static final String JSON = "airlock-report.json";
  /** The JUnit XML report's file name (CodeBuild's report group reads it). */
  public static final String JUNIT = "airlock-junit.xml";
  /** The SARIF findings' file name. */
  public static final String SARIF = "airlock-findings.sarif";
  /** The Markdown summary's file name. */
  public static final String SUMMARY = "airlock-summary.md";

  private final Path directory;
  private final RunInputs inputs;

  public FileRunReporter(Path directory, RunInputs inputs) {
    this.directory = directory;
    this.inputs = inputs;
  }

  @Override
  public List<String> report(RunResult result) throws PortException {
    List<String> written = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String name : List.of(JUNIT, JSON, SARIF, SUMMARY)) {
      Path target = directory.resolve(name);
      try {
        AtomicFiles.write(target, render(name, result));
        written.add(target.toString());
      } catch (IOException | RuntimeException e) {
        failed.add(target + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
    }
    if (!failed.isEmpty()) {
      throw new PortException("cannot write report " + String.join(", ", failed));
    }
    return written;
  }

  private byte[] render(String name, RunResult result) throws IOException {
    return switch (name) {
      case JSON -> JsonRunReport.JSON.writeValueAsBytes(JsonRunReport.document(result, inputs));
      case SARIF -> JsonRunReport.JSON.writeValueAsBytes(SarifRunReport.document(result, inputs));
      case SUMMARY -> MarkdownRunReport.render(result).getBytes(StandardCharsets.UTF_8);
      default -> {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        JUnitRunReport.write(result, inputs, xml);
        yield xml.toByteArray();
      }
    };
  }
}

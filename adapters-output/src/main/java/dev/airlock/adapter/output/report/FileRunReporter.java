package dev.airlock.adapter.output.report;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.result.RunResult;
import dev.airlock.files.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's reports into one folder, each atomically (readers see the old file or the new, never
 * half): JSON report, JUnit XML, SARIF findings and the Markdown summary, and when the run has release
 * rows of that ecosystem the lock file of their approved closures ({@code requirements.txt},
 * {@code package-lock.json}; one left by an earlier run is removed otherwise, so the folder describes
 * this run only). A report that cannot be written does not stop the others.
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
  /** The approved Python closures, pinned with their hashes (pip's {@code --require-hashes}). */
  public static final String REQUIREMENTS = "requirements.txt";
  /** The approved npm closures as an npm lock file (lockfileVersion 3). */
  public static final String PACKAGE_LOCK = "package-lock.json";

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
    for (String name : List.of(JUNIT, JSON, SARIF, SUMMARY, REQUIREMENTS, PACKAGE_LOCK)) {
      Path target = directory.resolve(name);
      try {
        if (isStaleLockFile(name, result)) {
          Files.deleteIfExists(target);
          continue;
        }
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

  /** A lock file of an ecosystem this run resolved no release row of. */
  private static boolean isStaleLockFile(String name, RunResult result) {
    return switch (name) {
      case REQUIREMENTS -> LockFiles.closures(result, "pypi").isEmpty();
      case PACKAGE_LOCK -> LockFiles.closures(result, "npm").isEmpty();
      default -> false;
    };
  }

  private byte[] render(String name, RunResult result) throws IOException {
    return switch (name) {
      case JSON -> JsonRunReport.JSON.writeValueAsBytes(JsonRunReport.document(result, inputs));
      case SARIF -> JsonRunReport.JSON.writeValueAsBytes(SarifRunReport.document(result, inputs));
      case SUMMARY -> MarkdownRunReport.render(result).getBytes(StandardCharsets.UTF_8);
      case REQUIREMENTS -> LockFiles.requirements(result).getBytes(StandardCharsets.UTF_8);
      case PACKAGE_LOCK -> JsonRunReport.JSON.writeValueAsBytes(LockFiles.packageLock(result));
      default -> {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        JUnitRunReport.write(result, inputs, xml);
        yield xml.toByteArray();
      }
    };
  }
}

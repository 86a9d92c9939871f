package dev.airlock.adapter.scan.sarif;

import dev.airlock.application.port.ArchiveEntry;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.EntryScanner;
import dev.airlock.archive.ArchiveLimitException;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a configured external tool (ESLint, PMD, Semgrep, ...) on the package's files, unpacked
 * into a private temporary folder, and reads the SARIF 2.1.0 log it writes. The tool runs without
 * a shell, without Airlock's or AWS secrets in its environment, within a time limit; the folder is
 * deleted afterwards whatever happens.
 */
public final class SarifCommandScanner implements EntryScanner {
  /** The scanner's id. */
  public static final String ID = "sarif";
  /** Rule id of an archive that goes past the unpacking limits. */
  static final String UNPACK_LIMIT = "SARIF-UNPACK-LIMIT";

  private final ArchiveReader reader;
  private final SarifCommand command;
  private final Map<String, String> environment;
  private final Path tempRoot;

  /** A scanner running {@code command} with this process's environment (scrubbed) in the system temp folder. */
  public SarifCommandScanner(ArchiveReader reader, SarifCommand command) {
    this(reader, command, System.getenv(), Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * A scanner running {@code command} with {@code environment} (scrubbed of secrets before the tool
   * sees it), unpacking under {@code tempRoot}.
   */
  public SarifCommandScanner(ArchiveReader reader, SarifCommand command, Map<String, String> environment,
      Path tempRoot) {
    this.reader = reader;
    this.command = command;
    this.environment = Map.copyOf(environment);
    this.tempRoot = tempRoot;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    try (Workspace workspace = workspace()) {
      try {
        workspace.unpack(reader, artifact);
      } catch (ArchiveLimitException e) {
        return List.of(limitFinding(e.getMessage()));
      } catch (IOException e) {
        throw new PortException("archive " + artifact.fileName() + " cannot be unpacked for the " + tool() + ": "
            + workspace.hide(String.valueOf(e.getMessage())), e);
      }
      return runTool(workspace, artifact);
    }
  }

  /** Unpacks the files the one pass over the archive hands it, then runs the tool on them. */
  @Override
  public EntryScan start(PackageRequest request, FetchedArtifact artifact) throws PortException {
    Workspace workspace = workspace();
    return new EntryScan() {
      private String limit;

      @Override
      public boolean wants(ArchiveEntry entry) {
        return entry.kind() == ArchiveEntry.Kind.FILE && workspace.lands(entry.name());
      }

      @Override
      public void visit(ArchiveEntry entry, InputStream content) throws IOException {
        try {
          workspace.write(entry.name(), content);
        } catch (IOException e) {
          throw new IOException("archive " + artifact.fileName() + " cannot be unpacked for the " + tool() + ": "
              + workspace.hide(String.valueOf(e.getMessage())), e);
        }
      }

      @Override
      public void limitPassed(String reason) {
        limit = reason;
      }

      @Override
      public List<Finding> finish() throws PortException {
        return limit != null ? List.of(limitFinding(limit)) : runTool(workspace, artifact);
      }

      @Override
      public void close() {
        workspace.close();
      }
    };
  }

  private String tool() {
    return "SARIF command '" + command.programName() + "'";
  }

  private Workspace workspace() throws PortException {
    try {
      return Workspace.create(tempRoot);
    } catch (IOException e) {
      throw new PortException("the " + tool() + " has no temporary folder to work in: " + e.getMessage(), e);
    }
  }

  /** Runs the tool on the unpacked tree and reads its log. */
  private List<Finding> runTool(Workspace workspace, FetchedArtifact artifact) throws PortException {
    String tool = tool();
    ToolProcess.Outcome outcome;
    try {
      outcome = ToolProcess.run(command.resolve(workspace.tree(), workspace.output()), workspace.tree(),
          environment, command.timeout());
    } catch (IOException e) {
      throw new PortException(tool + " cannot be started: " + workspace.hide(String.valueOf(e.getMessage())), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PortException(tool + " was interrupted on " + artifact.fileName(), e);
    }
    return switch (outcome) {
      case ToolProcess.Outcome.TimedOut timedOut -> throw new PortException(tool + " ran longer than "
          + command.timeout() + " on " + artifact.fileName() + " and was stopped" + tail(workspace, timedOut.tail()));
      case ToolProcess.Outcome.Exited exited -> readLog(workspace, tool, artifact, exited);
    };
  }

  /** The log's findings. A tool may exit non-zero when it finds something; what matters is a valid log. */
  private List<Finding> readLog(Workspace workspace, String tool, FetchedArtifact artifact,
      ToolProcess.Outcome.Exited exited) throws PortException {
    SarifLogReader log = new SarifLogReader(ID, workspace.tree(), workspace::hide);
    try {
      return log.read(workspace.output());
    } catch (SarifLogReader.InvalidSarifException | IOException e) {
      throw new PortException(tool + " exited with " + exited.code() + " on " + artifact.fileName() + ", and "
          + workspace.hide(String.valueOf(e.getMessage())) + tail(workspace, exited.tail()), e);
    }
  }

  private static String tail(Workspace workspace, String output) {
    String shown = workspace.hide(output).replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").strip();
    return shown.isEmpty() ? "" : "; its output ended with: " + shown.replaceAll("\\s*\\n\\s*", " | ");
  }

  private static Finding limitFinding(String reason) {
    return Finding.builder()
        .ruleId(UNPACK_LIMIT)
        .title("Archive exceeds the unpacking limits")
        .severity(Severity.CRITICAL)
        .description("Unpacking the archive for the external scan went past a limit: " + reason
            + ". Archives that expand this far are decompression bombs, or far larger than a package should be.")
        .recommendation("Refuse the package. If it is genuinely this large, raise the limit deliberately.")
        .scanner(ID)
        .build();
  }
}

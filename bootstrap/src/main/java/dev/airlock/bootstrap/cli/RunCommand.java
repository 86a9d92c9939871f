package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.output.progress.ConsoleProgress;
import dev.airlock.adapter.output.progress.LogProgress;
import dev.airlock.adapter.output.report.JsonRunReport;
import dev.airlock.application.port.in.AssembleRunCommand;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.port.in.ProcessRequestsUseCase;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.result.RunResult;
import dev.airlock.bootstrap.AppComponent;
import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.GitHubToken;
import dev.airlock.bootstrap.Logging;
import dev.airlock.bootstrap.RunOutputs;
import dev.airlock.bootstrap.config.AwsSettings;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import dev.airlock.domain.WorkerShard;
import dev.airlock.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock run}: processes a request file. */
@Command(name = "run", mixinStandardHelpOptions = true, customSynopsis = "airlock run REQUEST-FILE [OPTIONS]",
    description = "Process a request file: fetch, scan, decide, publish approved packages, notify requesters.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every request was decided (approved, refused or decided before), or there were none",
        "1:some request ended in ERROR (it is retried on the next run); a --worker: the request file could not be"
            + " read",
        "2:usage or configuration error"})
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Parameters(index = "0", paramLabel = "REQUEST-FILE", description = "CSV file of name,url[,sha256] rows.")
  Path requestFile;

  @Spec
  CommandSpec spec;

  private final CliContext context;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Values values = new Values(spec, context.environment());
    SharedSettings.applyLogLevel(values);
    Settings settings = settings(values);
    if (settings.source().equals("file") && !Files.isRegularFile(requestFile)) {
      throw new ConfigurationException(Files.isDirectory(requestFile)
          ? "request file " + requestFile + " is a folder; give the CSV file inside it"
          : "request file " + requestFile + " does not exist");
    }
    ProcessRequestsCommand command = command(values, settings);
    Optional<WorkerShard> worker = worker(values);
    Optional<Integer> assemble = values.given(Catalogue.ASSEMBLE)
        ? Optional.of(values.count(Catalogue.ASSEMBLE, 1, WorkerShard.MAX_COUNT)) : Optional.empty();
    if (worker.isPresent() && assemble.isPresent()) {
      throw ConfigurationException.badValue(values.where(Catalogue.WORKER) + " and " + values.where(Catalogue.ASSEMBLE)
          + " are different steps of a run; give one");
    }
    if ((worker.isPresent() || assemble.isPresent()) && !sharedRunId()) {
      throw ConfigurationException.badValue((worker.isPresent() ? values.where(Catalogue.WORKER)
          : values.where(Catalogue.ASSEMBLE)) + " needs " + Catalogue.RUN_ID.variable()
          + ", the run id every worker and the assembly share (in CodeBuild the pipeline passes its execution id)");
    }
    command = worker.map(command::asWorker).orElse(command);
    Console console = context.console();
    boolean json = SharedSettings.json(values);
    Optional<Path> reportDir = values.path(Catalogue.REPORT_DIR);
    AppComponent app = AppComponent.create(settings, context.clock(), json ? console.err() : console.out(),
        new RunOutputs(reportDir, progress(context, console)));
    // Building the use case builds every chosen adapter: a missing one or a missing setting stops here.
    ProcessRequestsUseCase processRequests = app.processRequests();
    resolveGitHubToken(app);
    SharedSettings.prepareFolders(context, values, settings, reportDir, command.claimLease());
    app.policy().expiredWaivers(LocalDate.now(context.clock())).forEach(w ->
        warn(context, console, "waiver " + w + " has expired and no longer applies"));
    RunResult result = assemble.isPresent()
        ? app.assembleRun().assemble(new AssembleRunCommand(command.runId(), assemble.get(), command.commit()))
        : processRequests.process(command);
    if (json) {
      Output.printJson(console.out(), JsonRunReport.document(result, app.runInputs()));
    } else if (result.outcomes().isEmpty()) {
      console.out().println("no requests in " + requestFile);
    } else {
      Output.printRunTable(console.out(), result, context.colour());
    }
    result.warnings().forEach(w -> warn(context, console, w));
    fail(context, result);
    console.out().flush();
    console.err().flush();
    if (worker.isPresent()) {
      // Done with its share: what the rows came to is the assembly's to report (and its exit code to show).
      // Only a request file the worker could not read fails it, so a batch never assembles a run half read.
      boolean unread = result.outcomes().stream().anyMatch(o -> o.request().isEmpty());
      return unread ? ExitCodes.ERROR : ExitCodes.OK;
    }
    return result.failed() ? ExitCodes.ERROR : ExitCodes.OK;
  }

  /**
   * Says what failed the run though its decisions stand: a report that could not be written (exit 1),
   * because CodeBuild's report group would otherwise show an old or no result as if nothing were
   * wrong. The next run reports those decisions as decided earlier.
   */
  static void fail(CliContext context, RunResult result) {
    for (String failure : result.failures()) {
      if (Logging.json(context.environment())) {
        LOG.error(failure);
      } else {
        context.console().err().println("airlock: " + failure);
      }
    }
  }

  /** A warning for the operator: a log event when logs are JSON (one object per line), else a plain line. */
  static void warn(CliContext context, Console console, String message) {
    if (Logging.json(context.environment())) {
      LOG.warn(message);
    } else {
      console.err().println("warning: " + message);
    }
  }

  /**
   * Progress as JSON log lines when logs are JSON (CodeBuild), redrawn in place on a terminal, and
   * otherwise one plain line per step, always on stderr so stdout keeps only the result.
   */
  static ProgressListener progress(CliContext context, Console console) {
    if (Logging.json(context.environment())) {
      return new LogProgress();
    }
    return new ConsoleProgress(console.err(), context.terminal() ? ConsoleProgress.Mode.LIVE
        : ConsoleProgress.Mode.PLAIN, context.colour(), context.clock());
  }

  /**
   * Reads the GitHub token early so a missing or unreadable secret stops the run before any work.
   * The token itself is never printed.
   */
  static void resolveGitHubToken(AppComponent app) {
    GitHubToken token = app.gitHubToken();
    if (token.fromSecretsManager()) {
      // Read once; the GitHub adapters reuse it.
      token.get();
    }
  }

  /** The run's command: its id, --recheck-after and a --claim-lease that outlasts --scan-timeout. */
  private ProcessRequestsCommand command(Values values, Settings settings) {
    Duration recheck = values.duration(Catalogue.RECHECK_AFTER);
    Duration lease = values.positiveDuration(Catalogue.CLAIM_LEASE);
    if (lease.compareTo(settings.scanTimeout()) <= 0) {
      throw ConfigurationException.badValue(values.where(Catalogue.CLAIM_LEASE) + " "
          + values.required(Catalogue.CLAIM_LEASE) + " must be longer than " + values.where(Catalogue.SCAN_TIMEOUT)
          + " " + values.required(Catalogue.SCAN_TIMEOUT)
          + ", or another run could take a request over while it is being scanned");
    }
    try {
      return new ProcessRequestsCommand(settings.runId(), recheck, lease, settings.github().commit());
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.badValue(values.where(Catalogue.COMMIT) + ": " + e.getMessage());
    }
  }

  /** This worker's share, from {@code --worker I/N}. */
  private static Optional<WorkerShard> worker(Values values) {
    if (!values.given(Catalogue.WORKER)) {
      return Optional.empty();
    }
    try {
      return Optional.of(WorkerShard.parse(values.required(Catalogue.WORKER)));
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.badValue(values.where(Catalogue.WORKER) + ": " + e.getMessage());
    }
  }

  /** True when the run id was given, so that every worker and the assembly of the run share it. */
  private boolean sharedRunId() {
    String given = context.environment().get(Catalogue.RUN_ID.variable());
    return given != null && !given.isBlank();
  }

  private Settings settings(Values values) {
    GitHubSettings github = SharedSettings.github(values);
    String sourceName = values.given(Catalogue.SOURCE) ? values.choice(Catalogue.SOURCE)
        : github.knowsCommit() ? "github" : "file";
    boolean allowFileUrls = values.flag(Catalogue.ALLOW_FILE_URLS);
    if (allowFileUrls && !sourceName.equals("file")) {
      // file: URLs resolve against the request file's folder, which only a local request file has.
      throw ConfigurationException.badValue(values.where(Catalogue.ALLOW_FILE_URLS) + " works with --source file only");
    }
    return SharedSettings.pipeline(values, context)
        .requestFile(requestFile)
        .source(sourceName)
        .repository(values.choice(Catalogue.REPOSITORY))
        .notifiers(values.choices(Catalogue.NOTIFIERS))
        .ledger(values.choice(Catalogue.LEDGER))
        .allowFileUrls(allowFileUrls)
        .github(github)
        .resolve(SharedSettings.resolve(values))
        .build();
  }
}

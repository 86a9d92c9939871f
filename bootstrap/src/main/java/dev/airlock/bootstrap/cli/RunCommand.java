package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.output.progress.ConsoleProgress;
import dev.airlock.adapter.output.progress.LogProgress;
import dev.airlock.adapter.output.report.JsonRunReport;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ProcessRequestsCommand;
import dev.airlock.application.port.in.ProcessRequestsUseCase;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.result.RunResult;
import dev.airlock.bootstrap.AppComponent;
import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.GitHubToken;
import dev.airlock.bootstrap.Logging;
import dev.airlock.bootstrap.RunOutputs;
import dev.airlock.bootstrap.config.AdapterChoices;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airlock run}: processes a request file. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Process a request file: fetch, scan, decide, publish approved packages, notify requesters.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every request was decided (approved, refused or decided before)",
        "1:some request ended in ERROR (it is retried on the next run)",
        "2:usage or configuration error"})
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Parameters(index = "0", paramLabel = "REQUEST-FILE", description = "CSV file of name,url[,sha256] rows.")
  Path requestFile;

  @Option(names = "--source",
      description = "Where requests come from: file or github (REQUEST-FILE is then the path inside the repository). "
          + "Env: AIRLOCK_SOURCE. Default: github when the GitHub repository and a commit are known, else file.")
  Optional<String> source;

  @Option(names = "--repository", defaultValue = "file",
      description = "Where approved packages go: file, codeartifact, github. Env: AIRLOCK_REPOSITORY. Default: ${DEFAULT-VALUE}.")
  String repository;

  @Option(names = "--notifiers", defaultValue = "console", paramLabel = "LIST",
      description = "Who tells requesters: console, sns, github. Env: AIRLOCK_NOTIFIERS. Default: ${DEFAULT-VALUE}.")
  String notifiers;

  @Option(names = "--ledger", defaultValue = "file",
      description = "Where decisions are kept: file or dynamodb. Env: AIRLOCK_LEDGER. Default: ${DEFAULT-VALUE}.")
  String ledger;

  @Option(names = "--data-dir", defaultValue = "./airlock-data", paramLabel = "DIR",
      description = "Folder of the file repository, ledger and reports. Env: AIRLOCK_DATA_DIR. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Folder the run's reports are written to. Env: AIRLOCK_REPORT_DIR. Default: <data-dir>/reports.")
  Optional<Path> reportDir;

  @Option(names = "--allow-host", paramLabel = "LIST",
      description = "Hosts (host or host:port, comma-separated) packages may be fetched from. Env: AIRLOCK_ALLOWED_HOSTS. "
          + "Default: github.com, codeload.github.com, files.pythonhosted.org, pypi.org, registry.npmjs.org.")
  Optional<String> allowHosts;

  @Option(names = "--allow-file-urls", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "Let file: URLs fetch archives from the request file's folder (local use only). Env: AIRLOCK_ALLOW_FILE_URLS.")
  boolean allowFileUrls;

  @Option(names = "--concurrency", defaultValue = "4",
      description = "Requests worked on at once. Env: AIRLOCK_CONCURRENCY. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--recheck-after", defaultValue = "PT24H", paramLabel = "DURATION",
      description = "Skip an unpinned request without downloading when its name and URL were decided less than this "
          + "long ago (ISO-8601; PT0S always downloads and compares). Env: AIRLOCK_RECHECK_AFTER. Default: ${DEFAULT-VALUE}.")
  String recheckAfter;

  @Option(names = "--claim-lease", defaultValue = "PT45M", paramLabel = "DURATION",
      description = "How long a run's claim on a request keeps other runs off it; longer than --scan-timeout "
          + "(ISO-8601). Env: AIRLOCK_CLAIM_LEASE. Default: ${DEFAULT-VALUE}.")
  String claimLease;

  @Mixin
  SharedOptions shared;

  @Mixin
  AdapterOptions adapters;

  @Mixin
  DownloadOptions download;

  @Mixin
  ArchiveLimitOptions archiveLimits;

  @Mixin
  ResolveOptions resolve;

  private final CliContext context;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    shared.applyLogLevel();
    Settings settings = settings();
    if (settings.source().equals("file") && !Files.isRegularFile(requestFile)) {
      throw new ConfigurationException("request file " + requestFile + " does not exist");
    }
    ProcessRequestsCommand command = command(settings);
    Console console = context.console();
    var json = shared.format == SharedOptions.Format.json;
    AppComponent app = AppComponent.create(settings, context.clock(), json ? console.err() : console.out(),
        new RunOutputs(reportDir, progress(context, console)));
    // Building the use case builds every chosen adapter: a missing one or a missing setting stops here.
    ProcessRequestsUseCase processRequests = app.processRequests();
    resolveGitHubToken(app);
    app.policy().expiredWaivers(LocalDate.now(context.clock())).forEach(w ->
        warn(context, console, "waiver " + w + " has expired and no longer applies"));
    RunResult result = processRequests.process(command);
    if (json) {
      Output.printJson(console.out(), JsonRunReport.document(result, app.runInputs()));
    } else {
      Output.printRunTable(console.out(), result, context.colour());
    }
    result.warnings().forEach(w -> warn(context, console, w));
    boolean reported = report(context, app.runReporter(), result);
    console.out().flush();
    console.err().flush();
    return result.hasErrors() || !reported ? ExitCodes.ERROR : ExitCodes.OK;
  }

  /**
   * Writes the reports. A report that cannot be written fails the run (exit 1): CodeBuild's report
   * group would otherwise show an old or no result as if nothing were wrong. Decisions already made
   * stand; the next run reports them as decided earlier.
   */
  static boolean report(CliContext context, RunReporter reporter, RunResult result) {
    try {
      reporter.report(result).forEach(file -> LOG.info("report written: {}", file));
      return true;
    } catch (PortException e) {
      if (Logging.json(context.environment())) {
        LOG.error(e.getMessage());
      } else {
        context.console().err().println("airlock: " + e.getMessage());
      }
      return false;
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
  private ProcessRequestsCommand command(Settings settings) {
    Duration recheck = Durations.parseNonNegative("--recheck-after", recheckAfter);
    Duration lease = Durations.parse("--claim-lease", claimLease);
    if (lease.compareTo(settings.scanTimeout()) <= 0) {
      throw new ConfigurationException("--claim-lease " + claimLease + " must be longer than --scan-timeout "
          + settings.scanTimeout() + ", or another run could take a request over while it is being scanned");
    }
    try {
      return new ProcessRequestsCommand(settings.runId(), recheck, lease, settings.github().commit());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--commit: " + e.getMessage(), e);
    }
  }

  private Settings settings() {
    GitHubSettings github = adapters.github(context.environment());
    String sourceName = AdapterChoices.one("source", "--source", source.orElse(github.knowsCommit() ? "github" : "file"),
        AdapterChoices.SOURCES);
    if (allowFileUrls && !sourceName.equals("file")) {
      // file: URLs resolve against the request file's folder, which only a local request file has.
      throw new ConfigurationException("--allow-file-urls works with --source file only");
    }
    if (concurrency < 1 || concurrency > 64) {
      throw new ConfigurationException("--concurrency must be between 1 and 64, was " + concurrency);
    }
    return new Settings(
        Optional.of(requestFile),
        sourceName,
        AdapterChoices.many("scanner", "--scanners", shared.scanners, AdapterChoices.SCANNERS),
        AdapterChoices.one("repository", "--repository", repository, AdapterChoices.REPOSITORIES),
        AdapterChoices.many("notifier", "--notifiers", notifiers, AdapterChoices.NOTIFIERS),
        AdapterChoices.one("ledger", "--ledger", ledger, AdapterChoices.LEDGERS),
        dataDir,
        shared.policy,
        allowedHosts(allowHosts),
        allowFileUrls,
        Durations.parse("--scan-timeout", shared.scanTimeout),
        concurrency,
        context.runId(),
        adapters.aws(),
        archiveLimits.limits(download.maxDownloadBytes(), download.downloadTimeout(), download.stallTimeout()),
        shared.sarifCommand,
        github,
        shared.osvApiUrl,
        resolve.settings());
  }

  static Set<String> allowedHosts(Optional<String> allowHosts) {
    return AllowedHosts.parse(allowHosts);
  }
}

package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.output.progress.ConsoleProgress;
import dev.airlock.adapter.output.progress.LogProgress;
import dev.airlock.adapter.output.report.JsonRunReport;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.ReevaluateDecisionsCommand;
import dev.airlock.application.port.in.ReevaluateDecisionsUseCase;
import dev.airlock.application.port.out.ProgressListener;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.bootstrap.AppComponent;
import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.GitHubToken;
import dev.airlock.bootstrap.Logging;
import dev.airlock.bootstrap.RunOutputs;
import dev.airlock.bootstrap.config.AdapterChoices;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airlock reevaluate}: checks every current decision again; revokes, reopens, tells. */
@Command(name = "reevaluate", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Check every decision in the ledger again with today's scanners, advisories and policy: revoke "
        + "an approval that now fails (withdrawn from the repository), publish a refusal that now passes, tell "
        + "the requesters and InfoSec.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every decision was checked (revoked, reopened or unchanged)",
        "1:some decision could not be checked (a scanner or advisory outage, a download or repository failure); "
            + "it was left as it was",
        "2:usage or configuration error"})
final class ReevaluateCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ReevaluateCommand.class);

  @Option(names = "--dry-run", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "Fetch and scan as usual, print what would be revoked or reopened, change nothing: no "
          + "withdrawal, publication, ledger write or notification. Env: AIRLOCK_DRY_RUN.")
  boolean dryRun;

  @Option(names = "--repository", defaultValue = "file",
      description = "Where approved packages were published and are read back from: file, codeartifact, github. "
          + "Env: AIRLOCK_REPOSITORY. Default: ${DEFAULT-VALUE}.")
  String repository;

  @Option(names = "--notifiers", defaultValue = "console", paramLabel = "LIST",
      description = "Who tells requesters and InfoSec: console, sns, github. Env: AIRLOCK_NOTIFIERS. "
          + "Default: ${DEFAULT-VALUE}.")
  String notifiers;

  @Option(names = "--ledger", defaultValue = "file",
      description = "Where decisions are kept: file or dynamodb. Env: AIRLOCK_LEDGER. Default: ${DEFAULT-VALUE}.")
  String ledger;

  @Option(names = "--data-dir", defaultValue = "./airlock-data", paramLabel = "DIR",
      description = "Folder of the file repository, ledger and reports. Env: AIRLOCK_DATA_DIR. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Folder the reports are written to. Env: AIRLOCK_REPORT_DIR. Default: <data-dir>/reports.")
  Optional<Path> reportDir;

  @Option(names = "--allow-host", paramLabel = "LIST",
      description = "Hosts (host or host:port, comma-separated) a reopened package may be fetched from again, and "
          + "an OSV API other than api.osv.dev. Env: AIRLOCK_ALLOWED_HOSTS. "
          + "Default: github.com, codeload.github.com, files.pythonhosted.org, pypi.org, registry.npmjs.org.")
  Optional<String> allowHosts;

  @Option(names = "--concurrency", defaultValue = "4",
      description = "Decisions checked at once. Env: AIRLOCK_CONCURRENCY. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--page-size", defaultValue = "200",
      description = "Decisions read from the ledger at a time (1 to 1000). Env: AIRLOCK_PAGE_SIZE. Default: ${DEFAULT-VALUE}.")
  int pageSize;

  @Mixin
  SharedOptions shared;

  @Mixin
  AdapterOptions adapters;

  @Mixin
  DownloadOptions download;

  @Mixin
  ArchiveLimitOptions archiveLimits;

  private final CliContext context;

  ReevaluateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    shared.applyLogLevel();
    if (concurrency < 1 || concurrency > 64) {
      throw new ConfigurationException("--concurrency must be between 1 and 64, was " + concurrency);
    }
    if (pageSize < 1 || pageSize > 1_000) {
      throw new ConfigurationException("--page-size must be between 1 and 1000, was " + pageSize);
    }
    Settings settings = settings();
    Console console = context.console();
    boolean json = shared.format == SharedOptions.Format.json;
    AppComponent app = AppComponent.create(settings, context.clock(), json ? console.err() : console.out(),
        new RunOutputs(reportDir, progress(console)));
    // Building the use case builds every chosen adapter: a missing one or a missing setting stops here.
    ReevaluateDecisionsUseCase reevaluate = app.reevaluateDecisions();
    GitHubToken token = app.gitHubToken();
    if (token.fromSecretsManager()) {
      token.get();
    }
    RunResult result = reevaluate.reevaluate(new ReevaluateDecisionsCommand(settings.runId(), dryRun, pageSize));
    if (json) {
      Output.printJson(console.out(), JsonRunReport.document(result, app.runInputs()));
    } else {
      Output.printRunTable(console.out(), result, context.colour());
    }
    result.warnings().forEach(w -> say(console, "warning: " + w));
    long errors = result.count(RequestOutcome.Status.ERROR);
    if (errors > 0) {
      say(console, errors + " decision(s) could not be checked again (see each one's error: a scanner or advisory "
          + "outage, a download or repository failure); they were left as they were, and the next reevaluate "
          + "checks them again");
    }
    if (dryRun) {
      say(console, "dry run: " + result.count(RequestOutcome.Status.WOULD_REVOKE) + " would be revoked, "
          + result.count(RequestOutcome.Status.WOULD_REOPEN) + " would be reopened; nothing was changed");
    }
    boolean reported = true;
    try {
      app.runReporter().report(result).forEach(file -> LOG.info("report written: {}", file));
    } catch (PortException e) {
      say(console, e.getMessage());
      reported = false;
    }
    console.out().flush();
    console.err().flush();
    return result.hasErrors() || !reported ? ExitCodes.ERROR : ExitCodes.OK;
  }

  private void say(Console console, String message) {
    if (Logging.json(context.environment())) {
      LOG.warn(message);
    } else {
      console.err().println("airlock: " + message);
    }
  }

  private ProgressListener progress(Console console) {
    if (Logging.json(context.environment())) {
      return new LogProgress();
    }
    return new ConsoleProgress(console.err(), context.terminal() ? ConsoleProgress.Mode.LIVE
        : ConsoleProgress.Mode.PLAIN, context.colour(), context.clock());
  }

  private Settings settings() {
    return new Settings(
        Optional.empty(),
        "ledger",
        AdapterChoices.many("scanner", "--scanners", shared.scanners, AdapterChoices.SCANNERS),
        AdapterChoices.one("repository", "--repository", repository, AdapterChoices.REPOSITORIES),
        AdapterChoices.many("notifier", "--notifiers", notifiers, AdapterChoices.NOTIFIERS),
        AdapterChoices.one("ledger", "--ledger", ledger, AdapterChoices.LEDGERS),
        dataDir,
        shared.policy,
        AllowedHosts.parse(allowHosts),
        false,
        Durations.parse("--scan-timeout", shared.scanTimeout),
        concurrency,
        context.runId(),
        adapters.aws(),
        archiveLimits.limits(download.maxDownloadBytes(), download.downloadTimeout(), download.stallTimeout()),
        shared.sarifCommand,
        adapters.github(context.environment()),
        shared.osvApiUrl);
  }
}

package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.output.progress.ConsoleProgress;
import dev.airlock.adapter.output.progress.LogProgress;
import dev.airlock.adapter.output.report.JsonRunReport;
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
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code airlock reevaluate}: checks every current decision again; revokes, reopens, tells. */
@Command(name = "reevaluate", mixinStandardHelpOptions = true, customSynopsis = "airlock reevaluate [OPTIONS]",
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

  @Spec
  CommandSpec spec;

  private final CliContext context;

  ReevaluateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Values values = new Values(spec, context.environment());
    SharedSettings.applyLogLevel(values);
    boolean dryRun = values.flag(Catalogue.DRY_RUN);
    int pageSize = values.count(Catalogue.PAGE_SIZE, 1, 1_000);
    Settings settings = settings(values);
    Optional<Path> reportDir = values.path(Catalogue.REPORT_DIR);
    Console console = context.console();
    boolean json = SharedSettings.json(values);
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
    result.failures().forEach(failure -> say(console, failure));
    console.out().flush();
    console.err().flush();
    return result.failed() ? ExitCodes.ERROR : ExitCodes.OK;
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

  private Settings settings(Values values) {
    return SharedSettings.pipeline(values, context)
        .source("ledger")
        .repository(values.choice(Catalogue.REPOSITORY))
        .notifiers(values.choices(Catalogue.NOTIFIERS))
        .ledger(values.choice(Catalogue.LEDGER))
        .github(SharedSettings.github(values))
        .build();
  }
}

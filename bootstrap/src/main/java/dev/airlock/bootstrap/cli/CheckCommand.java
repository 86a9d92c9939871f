package dev.airlock.bootstrap.cli;

import dev.airlock.adapter.github.pullrequest.PullRequest;
import dev.airlock.adapter.github.source.GitHubFiles;
import dev.airlock.adapter.github.source.GitHubRequestSource;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.in.CheckRequestsCommand;
import dev.airlock.application.result.CheckResult;
import dev.airlock.bootstrap.AppComponent;
import dev.airlock.bootstrap.CheckTarget;
import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.RunOutputs;
import dev.airlock.bootstrap.config.AdapterChoices;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.PolicyFiles;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.domain.SeverityPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code airlock check}: the advice on a pull request. A command of its own rather than {@code run
 * --check}, so that "advice only" is a property of what gets built, not of a flag: its graph has no
 * package repository and no ledger at all, its inputs (a pull request, a policy at two commits) are
 * not a run's, and its help and exit codes stand on their own.
 */
@Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Check the rows a pull request adds: fetch, scan and decide as run would, then report on the "
        + "pull request (one comment, a commit status). Advice only: nothing is published, nothing is recorded; "
        + "the merge decides.",
        "With --policy-path, the policy is read from the repository at the pull request's head and base; "
            + "verdicts that depend on the pull request's own policy change are marked."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every added row was checked (would be approved or refused)",
        "1:some row could not be checked (ERROR), or a report or GitHub could not be written or read",
        "2:usage or configuration error"})
final class CheckCommand implements Callable<Integer> {
  private static final Pattern CODEBUILD_PULL_REQUEST = Pattern.compile("pr/(\\d{1,9})");

  @Parameters(index = "0", paramLabel = "REQUEST-FILE",
      description = "The request file: its path inside the repository (--source github), or a local CSV file.")
  Path requestFile;

  @Option(names = "--source",
      description = "Where requests come from: github (the rows the pull request adds) or file (every row of a local "
          + "file). Env: AIRLOCK_SOURCE. Default: github when the GitHub repository and a pull request are known.")
  Optional<String> source;

  @Option(names = "--pull-request", paramLabel = "NUMBER",
      description = "The pull request to check. Env: AIRLOCK_PULL_REQUEST, else CodeBuild's CODEBUILD_WEBHOOK_TRIGGER "
          + "(pr/NUMBER).")
  Optional<Integer> pullRequest;

  @Option(names = "--policy-path", paramLabel = "PATH",
      description = "The policy file's path inside the GitHub repository, read at the pull request's head and base "
          + "(instead of --policy). Env: AIRLOCK_POLICY_PATH.")
  Optional<String> policyPath;

  @Option(names = "--notifiers", defaultValue = "console", paramLabel = "LIST",
      description = "Who is told: console (this command's output) and github (a comment and a commit status on the "
          + "pull request). Env: AIRLOCK_NOTIFIERS. Default: ${DEFAULT-VALUE}.")
  String notifiers;

  @Option(names = "--data-dir", defaultValue = "./airlock-data", paramLabel = "DIR",
      description = "Folder of the reports (nothing else is written). Env: AIRLOCK_DATA_DIR. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--report-dir", paramLabel = "DIR",
      description = "Folder the check's reports are written to. Env: AIRLOCK_REPORT_DIR. Default: <data-dir>/reports.")
  Optional<Path> reportDir;

  @Option(names = "--allow-host", paramLabel = "LIST",
      description = "Hosts (host or host:port, comma-separated) packages may be fetched from. Env: AIRLOCK_ALLOWED_HOSTS. "
          + "Default: as for run.")
  Optional<String> allowHosts;

  @Option(names = "--allow-file-urls", defaultValue = "false", fallbackValue = "true", arity = "0..1",
      description = "Let file: URLs fetch archives from the request file's folder (--source file only). "
          + "Env: AIRLOCK_ALLOW_FILE_URLS.")
  boolean allowFileUrls;

  @Option(names = "--concurrency", defaultValue = "4",
      description = "Requests worked on at once. Env: AIRLOCK_CONCURRENCY. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Mixin
  SharedOptions shared;

  @Mixin
  AdapterOptions adapters;

  @Mixin
  DownloadOptions download;

  @Mixin
  ArchiveLimitOptions archiveLimits;

  private final CliContext context;

  CheckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    shared.applyLogLevel();
    Optional<Integer> number = pullRequestNumber();
    Settings settings = settings(number);
    boolean fromGitHub = settings.source().equals(GitHubRequestSource.ID);
    if (!fromGitHub && !Files.isRegularFile(requestFile)) {
      throw new ConfigurationException("request file " + requestFile + " does not exist");
    }
    if (policyPath.isPresent() && shared.policy.isPresent()) {
      throw new ConfigurationException("--policy-path and --policy both name a policy; give one");
    }
    if (policyPath.isPresent() && !fromGitHub) {
      throw new ConfigurationException("--policy-path reads the policy from the pull request on GitHub and needs "
          + "--source github; use --policy for a local file");
    }
    Console console = context.console();
    boolean json = shared.format == SharedOptions.Format.json;
    AppComponent app = AppComponent.create(settings, context.clock(), json ? console.err() : console.out(),
        new RunOutputs(reportDir, RunCommand.progress(context, console)));
    RunCommand.resolveGitHubToken(app);
    Optional<PullRequest> pull;
    Policies policies;
    try {
      pull = fromGitHub ? Optional.of(app.gitHubPullRequests().find(number.orElseThrow(() ->
          new ConfigurationException("--source github checks a pull request: pass --pull-request (AIRLOCK_PULL_REQUEST,"
              + " or CodeBuild's CODEBUILD_WEBHOOK_TRIGGER pr/N)")))) : Optional.empty();
      policies = policies(app, pull);
    } catch (PortException e) {
      console.err().println("airlock: " + e.getMessage());
      console.err().flush();
      return ExitCodes.ERROR;
    }
    // Building the use case builds every chosen adapter: a missing one or a missing setting stops here.
    var checkRequests = app.checks().create(new CheckTarget(pull, policyPath.map(String::strip))).checkRequests();
    LocalDate today = LocalDate.now(context.clock());
    policies.policy().expiredWaivers(today).forEach(w ->
        RunCommand.warn(context, console, "waiver " + w + " has expired and no longer applies"));
    CheckResult result = checkRequests.check(new CheckRequestsCommand(settings.runId(),
        pull.map(PullRequest::headSha), policies.policy(), policies.before()));
    if (json) {
      Output.printJson(console.out(), Output.checkDocument(result, app.runInputs(), pull.map(PullRequest::number)));
    } else {
      Output.printCheckTable(console.out(), result, context.colour());
    }
    result.run().warnings().forEach(w -> RunCommand.warn(context, console, w));
    boolean reported = RunCommand.report(context, app.runReporter(), result.run());
    console.out().flush();
    console.err().flush();
    return result.run().hasErrors() || !reported ? ExitCodes.ERROR : ExitCodes.OK;
  }

  /** The policy the pull request would leave, and the one before it when the pull request changes it. */
  private record Policies(SeverityPolicy policy, Optional<SeverityPolicy> before) {}

  /**
   * With --policy-path, the policy file at the pull request's head and at its base (the built-in policy
   * when the base has none); otherwise the one --policy names (or the built-in one), unchanged.
   */
  private Policies policies(AppComponent app, Optional<PullRequest> pull) throws PortException {
    if (policyPath.isEmpty()) {
      SeverityPolicy policy = shared.policy.map(PolicyFiles::load).orElseGet(SeverityPolicy::defaultPolicy);
      return new Policies(policy, Optional.empty());
    }
    String path = policyPath.get().strip();
    PullRequest pr = pull.orElseThrow();
    GitHubFiles files = app.gitHubFiles();
    String head = pr.headSha().substring(0, 12);
    SeverityPolicy policy = files.readIfPresent(path, pr.headSha(), GitHubRequestSource.MAX_BYTES)
        .map(bytes -> PolicyFiles.parse(bytes, path + " at " + head + " (pull request " + pr.label() + ")"))
        .orElseThrow(() -> new ConfigurationException("policy file " + path + " does not exist at " + head
            + ", the head of pull request " + pr.label() + "; the check needs the policy the merge would use"));
    SeverityPolicy before = files.readIfPresent(path, pr.baseSha(), GitHubRequestSource.MAX_BYTES)
        .map(bytes -> PolicyFiles.parse(bytes, path + " at " + pr.baseSha().substring(0, 12) + " (the base of "
            + pr.label() + ")"))
        .orElseGet(SeverityPolicy::defaultPolicy);
    return new Policies(policy, Optional.of(before));
  }

  /** --pull-request, else the number in CodeBuild's webhook trigger {@code pr/N}. */
  private Optional<Integer> pullRequestNumber() {
    if (pullRequest.isPresent()) {
      if (pullRequest.get() < 1) {
        throw new ConfigurationException("--pull-request must be a pull request number (1 or more), was "
            + pullRequest.get());
      }
      return pullRequest;
    }
    String trigger = context.environment().get("CODEBUILD_WEBHOOK_TRIGGER");
    if (trigger == null || trigger.isBlank()) {
      return Optional.empty();
    }
    Matcher matcher = CODEBUILD_PULL_REQUEST.matcher(trigger.strip());
    if (!matcher.matches()) {
      throw new ConfigurationException("CODEBUILD_WEBHOOK_TRIGGER is '" + trigger.strip() + "', not a pull request"
          + " (pr/NUMBER): check runs on pull request events; pushes are for run");
    }
    return Optional.of(Integer.parseInt(matcher.group(1)));
  }

  private Settings settings(Optional<Integer> number) {
    GitHubSettings github = adapters.github(context.environment());
    boolean knowsPullRequest = github.repository().isPresent() && number.isPresent();
    String sourceName = AdapterChoices.one("source", "--source", source.orElse(knowsPullRequest ? "github" : "file"),
        AdapterChoices.SOURCES);
    if (allowFileUrls && !sourceName.equals("file")) {
      throw new ConfigurationException("--allow-file-urls works with --source file only");
    }
    if (concurrency < 1 || concurrency > 64) {
      throw new ConfigurationException("--concurrency must be between 1 and 64, was " + concurrency);
    }
    List<String> chosen = AdapterChoices.many("notifier", "--notifiers", notifiers, AdapterChoices.CHECK_NOTIFIERS);
    return new Settings(
        Optional.of(requestFile),
        sourceName,
        AdapterChoices.many("scanner", "--scanners", shared.scanners, AdapterChoices.SCANNERS),
        // A check has no repository and no ledger: these names match no adapter, so none can be built.
        "none",
        chosen,
        "none",
        dataDir,
        shared.policy,
        RunCommand.allowedHosts(allowHosts),
        allowFileUrls,
        Durations.parse("--scan-timeout", shared.scanTimeout),
        concurrency,
        context.runId(),
        adapters.aws(),
        archiveLimits.limits(download.maxDownloadBytes(), download.downloadTimeout(), download.stallTimeout()),
        shared.sarifCommand,
        github,
        shared.osvApiUrl);
  }
}

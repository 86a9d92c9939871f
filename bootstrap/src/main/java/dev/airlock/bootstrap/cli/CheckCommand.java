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
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.PolicyFiles;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code airlock check}: the advice on a pull request. A command of its own rather than {@code run
 * --check}, so that "advice only" is a property of what gets built, not of a flag: its graph has no
 * package repository and no ledger at all, its inputs (a pull request, a policy at two commits) are
 * not a run's, and its help and exit codes stand on their own.
 */
@Command(name = "check", mixinStandardHelpOptions = true, customSynopsis = "airlock check REQUEST-FILE [OPTIONS]",
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
  /** Who hears a check: its own output, and the pull request. */
  private static final List<String> CHECK_NOTIFIERS = List.of("console", "github");

  @Parameters(index = "0", paramLabel = "REQUEST-FILE",
      description = "The request file: its path inside the repository (--source github), or a local CSV file.")
  Path requestFile;

  @Spec
  CommandSpec spec;

  private final CliContext context;

  CheckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Values values = new Values(spec, context.environment());
    SharedSettings.applyLogLevel(values);
    Optional<Integer> number = pullRequestNumber(values);
    Settings settings = settings(values, number);
    boolean fromGitHub = settings.source().equals(GitHubRequestSource.ID);
    if (!fromGitHub && !Files.isRegularFile(requestFile)) {
      throw new ConfigurationException("request file " + requestFile + " does not exist");
    }
    Optional<String> policyPath = values.text(Catalogue.POLICY_PATH);
    if (policyPath.isPresent() && settings.policyFile().isPresent()) {
      throw ConfigurationException.badValue(values.where(Catalogue.POLICY_PATH) + " and "
          + values.where(Catalogue.POLICY) + " both name a policy; give one");
    }
    if (policyPath.isPresent() && !fromGitHub) {
      throw ConfigurationException.badValue(values.where(Catalogue.POLICY_PATH) + " reads the policy from the pull "
          + "request on GitHub and needs --source github; use --policy for a local file");
    }
    Optional<Path> reportDir = values.path(Catalogue.REPORT_DIR);
    Console console = context.console();
    boolean json = SharedSettings.json(values);
    AppComponent app = AppComponent.create(settings, context.clock(), json ? console.err() : console.out(),
        new RunOutputs(reportDir, RunCommand.progress(context, console)));
    RunCommand.resolveGitHubToken(app);
    Optional<PullRequest> pull;
    Policies policies;
    try {
      pull = fromGitHub ? Optional.of(app.gitHubPullRequests().find(number.orElseThrow(() ->
          new ConfigurationException("--source github checks a pull request: pass "
              + Catalogue.PULL_REQUEST.optionOrVariable() + " (or CodeBuild's CODEBUILD_WEBHOOK_TRIGGER pr/N)"))))
          : Optional.empty();
      policies = policies(app, pull, policyPath, settings.policyFile());
    } catch (PortException e) {
      console.err().println("airlock: " + e.getMessage());
      console.err().flush();
      return ExitCodes.ERROR;
    }
    // Building the use case builds every chosen adapter: a missing one or a missing setting stops here.
    var checkRequests = app.checks().create(new CheckTarget(pull, policyPath)).checkRequests();
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
    RunCommand.fail(context, result.run());
    console.out().flush();
    console.err().flush();
    return result.run().failed() ? ExitCodes.ERROR : ExitCodes.OK;
  }

  /** The policy the pull request would leave, and the one before it when the pull request changes it. */
  private record Policies(SeverityPolicy policy, Optional<SeverityPolicy> before) {}

  /**
   * With --policy-path, the policy file at the pull request's head and at its base (the built-in policy
   * when the base has none); otherwise the one --policy names (or the built-in one), unchanged.
   */
  private static Policies policies(AppComponent app, Optional<PullRequest> pull, Optional<String> policyPath,
      Optional<Path> policyFile) throws PortException {
    if (policyPath.isEmpty()) {
      SeverityPolicy policy = policyFile.map(PolicyFiles::load).orElseGet(SeverityPolicy::defaultPolicy);
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

  /** --pull-request (AIRLOCK_PULL_REQUEST), else the number in CodeBuild's webhook trigger {@code pr/N}. */
  private Optional<Integer> pullRequestNumber(Values values) {
    if (values.given(Catalogue.PULL_REQUEST)) {
      return Optional.of(values.count(Catalogue.PULL_REQUEST, 1, Integer.MAX_VALUE));
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

  private Settings settings(Values values, Optional<Integer> number) {
    GitHubSettings github = SharedSettings.github(values);
    boolean knowsPullRequest = github.repository().isPresent() && number.isPresent();
    String sourceName = values.given(Catalogue.SOURCE) ? values.choice(Catalogue.SOURCE)
        : knowsPullRequest ? "github" : "file";
    boolean allowFileUrls = values.flag(Catalogue.ALLOW_FILE_URLS);
    if (allowFileUrls && !sourceName.equals("file")) {
      throw ConfigurationException.badValue(values.where(Catalogue.ALLOW_FILE_URLS) + " works with --source file only");
    }
    List<String> chosen = values.choices(Catalogue.NOTIFIERS);
    for (String notifier : chosen) {
      if (!CHECK_NOTIFIERS.contains(notifier)) {
        throw ConfigurationException.badValue("unknown notifier '" + notifier + "' for "
            + values.where(Catalogue.NOTIFIERS) + ": a check tells " + String.join(", ", CHECK_NOTIFIERS) + " only");
      }
    }
    return SharedSettings.pipeline(values, context)
        .requestFile(requestFile)
        .source(sourceName)
        // A check has no repository and no ledger: these names match no adapter, so none can be built.
        .repository("none")
        .notifiers(chosen)
        .ledger("none")
        .allowFileUrls(allowFileUrls)
        .github(github)
        .build();
  }
}

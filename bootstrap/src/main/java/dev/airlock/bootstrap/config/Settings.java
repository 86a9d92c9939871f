package dev.airlock.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validated configuration of one command: which adapters to use and how. Built from options and
 * their {@code AIRLOCK_*} environment fallbacks by the CLI.
 *
 * @param requestFile the request file, for {@code run}
 * @param source the request source kind
 * @param scanners the scanners, in the order they run
 * @param repository the package repository kind
 * @param notifiers the notifier kinds
 * @param ledger the ledger kind
 * @param dataDir where the file repository, ledger and reports live
 * @param policyFile the policy file, when not the built-in policy
 * @param allowedHosts hosts the fetcher may contact
 * @param allowFileUrls whether {@code file:} URLs relative to the request file may be fetched
 * @param scanTimeout how long one remote scan may take
 * @param concurrency how many requests are worked on at once
 * @param runId identifies this run
 * @param aws settings of the AWS adapters
 * @param intake limits on fetching and unpacking archives
 * @param sarifCommand the command line the {@code sarif} scanner runs
 * @param github settings of the GitHub adapters
 * @param osvApiUrl base URL of the OSV API the {@code osv} scanner asks
 */
public record Settings(
    Optional<Path> requestFile,
    String source,
    List<String> scanners,
    String repository,
    List<String> notifiers,
    String ledger,
    Path dataDir,
    Optional<Path> policyFile,
    Set<String> allowedHosts,
    boolean allowFileUrls,
    Duration scanTimeout,
    int concurrency,
    String runId,
    AwsSettings aws,
    IntakeLimits intake,
    Optional<String> sarifCommand,
    GitHubSettings github,
    String osvApiUrl,
    ResolveSettings resolve) {

  public Settings {
    scanners = List.copyOf(scanners);
    notifiers = List.copyOf(notifiers);
    allowedHosts = Set.copyOf(allowedHosts);
  }

  /** Settings with the default intake limits. */
  public Settings(Optional<Path> requestFile, String source, List<String> scanners, String repository,
      List<String> notifiers, String ledger, Path dataDir, Optional<Path> policyFile, Set<String> allowedHosts,
      boolean allowFileUrls, Duration scanTimeout, int concurrency, String runId, AwsSettings aws) {
    this(requestFile, source, scanners, repository, notifiers, ledger, dataDir, policyFile, allowedHosts,
        allowFileUrls, scanTimeout, concurrency, runId, aws, IntakeLimits.defaults(), Optional.empty(), GitHubSettings.none(),
        DEFAULT_OSV_API_URL, ResolveSettings.DEFAULTS);
  }

  /** The public OSV API. */
  public static final String DEFAULT_OSV_API_URL = "https://api.osv.dev";

  /** Settings that resolve release rows through pypi.org for SageMaker Studio's Python. */
  public Settings(Optional<Path> requestFile, String source, List<String> scanners, String repository,
      List<String> notifiers, String ledger, Path dataDir, Optional<Path> policyFile, Set<String> allowedHosts,
      boolean allowFileUrls, Duration scanTimeout, int concurrency, String runId, AwsSettings aws, IntakeLimits intake,
      Optional<String> sarifCommand, GitHubSettings github) {
    this(requestFile, source, scanners, repository, notifiers, ledger, dataDir, policyFile, allowedHosts,
        allowFileUrls, scanTimeout, concurrency, runId, aws, intake, sarifCommand, github, DEFAULT_OSV_API_URL, ResolveSettings.DEFAULTS);
  }

  /** Settings with the OSV API given and release rows resolved for SageMaker Studio's Python. */
  public Settings(Optional<Path> requestFile, String source, List<String> scanners, String repository,
      List<String> notifiers, String ledger, Path dataDir, Optional<Path> policyFile, Set<String> allowedHosts,
      boolean allowFileUrls, Duration scanTimeout, int concurrency, String runId, AwsSettings aws, IntakeLimits intake,
      Optional<String> sarifCommand, GitHubSettings github, String osvApiUrl) {
    this(requestFile, source, scanners, repository, notifiers, ledger, dataDir, policyFile, allowedHosts,
        allowFileUrls, scanTimeout, concurrency, runId, aws, intake, sarifCommand, github, osvApiUrl,
        ResolveSettings.DEFAULTS);
  }

  /** Where the file-system repository publishes. */
  public Path repositoryDir() {
    return dataDir.resolve("repository");
  }

  /** Where the file-system ledger keeps decisions. */
  public Path ledgerDir() {
    return dataDir.resolve("ledger");
  }
}

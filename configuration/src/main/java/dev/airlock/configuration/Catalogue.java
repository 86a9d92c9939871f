package dev.airlock.configuration;

import static dev.airlock.configuration.Setting.Command.CHECK;
import static dev.airlock.configuration.Setting.Command.POLICY_CHECK;
import static dev.airlock.configuration.Setting.Command.REEVALUATE;
import static dev.airlock.configuration.Setting.Command.RUN;
import static dev.airlock.configuration.Setting.Command.SCAN;

import dev.airlock.configuration.Setting.Command;
import dev.airlock.configuration.Setting.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the {@code airlock} command, spelled once: the CLI builds its options, help,
 * environment fallbacks and error messages from these, and the CDK stack names the variables it
 * sets with them (a test fails when the stack sets a variable that is not here).
 */
public final class Catalogue {
  private static final List<Setting> ALL = new ArrayList<>();

  // ---- sources and fetching ----

  public static final Setting SOURCE = add(Setting.builder()
      .option("--source").variable("AIRLOCK_SOURCE").noun("source").kind(Kind.CHOICE).addChoices("file", "github")
      .defaultDescription("github when the GitHub repository and a commit are known, else file")
      .help("Where requests come from: file (the request file given), or github (that file in the GitHub "
          + "repository at a commit, with who added each row).")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK));

  public static final Setting ALLOW_HOST = add(Setting.builder()
      .option("--allow-host").variable("AIRLOCK_ALLOWED_HOSTS").kind(Kind.LIST)
      .defaultDescription("github.com, codeload.github.com, files.pythonhosted.org, pypi.org, registry.npmjs.org")
      .help("Hosts (host or host:port, comma-separated) archives may be fetched from, and any registry or OSV API "
          + "other than the default ones.")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting ALLOW_FILE_URLS = add(Setting.builder()
      .option("--allow-file-urls").variable("AIRLOCK_ALLOW_FILE_URLS").kind(Kind.FLAG).defaultValue("false")
      .help("Let file: URLs fetch archives from the request file's folder (local use and demos only).")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK));

  public static final Setting GITHUB_API_URL = add(Setting.builder()
      .option("--github-api-url").variable("AIRLOCK_GITHUB_API_URL").kind(Kind.TEXT).label("URL")
      .defaultValue("https://api.github.com")
      .help("GitHub API base URL (GitHub Enterprise Server: https://HOST/api/v3).")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting GITHUB_REPOSITORY = add(Setting.builder()
      .option("--github-repository").variable("AIRLOCK_GITHUB_REPOSITORY").kind(Kind.TEXT).label("OWNER/NAME")
      .help("The GitHub repository that holds the request file.")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting COMMIT = add(Setting.builder()
      .option("--commit").variable("AIRLOCK_COMMIT").addFallbackVariables("CODEBUILD_RESOLVED_SOURCE_VERSION")
      .kind(Kind.TEXT).label("SHA")
      .help("The commit that started the run (--source github).")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting BASE_COMMIT = add(Setting.builder()
      .option("--base-commit").variable("AIRLOCK_BASE_COMMIT").addFallbackVariables("CODEBUILD_WEBHOOK_PREV_COMMIT")
      .kind(Kind.TEXT).label("SHA").defaultDescription("the commit's parent")
      .help("The commit the push started from: rows added since are attributed to their authors.")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting GITHUB_TOKEN_SECRET_ID = add(Setting.builder()
      .option("--github-token-secret-id").variable("AIRLOCK_GITHUB_TOKEN_SECRET_ID").kind(Kind.TEXT).label("ID")
      .help("Secrets Manager id or ARN of the GitHub token, for every GitHub adapter.")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting GITHUB_TOKEN = add(Setting.builder()
      .variable("AIRLOCK_GITHUB_TOKEN").kind(Kind.SECRET)
      .help("The GitHub token itself, instead of --github-token-secret-id (never printed).")
      .topic(Topic.SOURCES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting PYPI_URL = add(Setting.builder()
      .option("--pypi-url").variable("AIRLOCK_PYPI_URL").kind(Kind.TEXT).label("URL").defaultValue("https://pypi.org")
      .help("Base URL of the PyPI JSON API that resolves release rows such as pandas==2.2.3 (a company mirror "
          + "works; its host must be allowed by --allow-host).")
      .topic(Topic.SOURCES).addCommands(RUN));

  public static final Setting NPM_REGISTRY_URL = add(Setting.builder()
      .option("--npm-registry-url").variable("AIRLOCK_NPM_REGISTRY_URL").kind(Kind.TEXT).label("URL")
      .defaultValue("https://registry.npmjs.org")
      .help("Base URL of the npm registry that resolves release rows such as npm:lodash@4.17.21 and their "
          + "dependencies (a company mirror works; its host must be allowed by --allow-host).")
      .topic(Topic.SOURCES).addCommands(RUN));

  public static final Setting PYTHON_VERSION = add(Setting.builder()
      .option("--python-version").variable("AIRLOCK_PYTHON_VERSION").kind(Kind.TEXT).label("X.Y").defaultValue("3.11")
      .help("Python version a release row's dependency closure is resolved for (markers, Requires-Python, wheel "
          + "tags); 3.11 is SageMaker Studio's.")
      .topic(Topic.SOURCES).addCommands(RUN));

  public static final Setting PLATFORM = add(Setting.builder()
      .option("--platform").variable("AIRLOCK_PLATFORM").kind(Kind.LIST).label("TAGS")
      .defaultValue("manylinux_2_35_x86_64")
      .help("Wheel platform tags (comma-separated) the closure must install on; a manylinux_2_Y tag also accepts "
          + "older manylinux wheels, as pip does.")
      .topic(Topic.SOURCES).addCommands(RUN));

  public static final Setting PULL_REQUEST = add(Setting.builder()
      .option("--pull-request").variable("AIRLOCK_PULL_REQUEST").kind(Kind.COUNT).label("NUMBER")
      .defaultDescription("from CodeBuild's CODEBUILD_WEBHOOK_TRIGGER (pr/NUMBER)")
      .help("The pull request check advises on.")
      .topic(Topic.SOURCES).addCommands(CHECK));

  // ---- scanners and policy ----

  public static final Setting SCANNERS = add(Setting.builder()
      .option("--scanners").variable("AIRLOCK_SCANNERS").noun("scanner").kind(Kind.CHOICES)
      .addChoices("builtin", "sarif", "codeguru", "inspector", "osv").defaultValue("builtin")
      .help("Scanners to run, in order; any one that cannot finish makes the verdict ERROR.")
      .topic(Topic.SCANNERS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting POLICY = add(Setting.builder()
      .option("--policy").variable("AIRLOCK_POLICY").kind(Kind.PATH).label("FILE")
      .defaultDescription("refuse at MEDIUM or above")
      .help("InfoSec's policy file: the severity threshold and waivers (check it with airlock policy check).")
      .topic(Topic.SCANNERS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting NAME = add(Setting.builder()
      .option("--name").variable("AIRLOCK_NAME").kind(Kind.TEXT).label("PACKAGE")
      .defaultDescription("from the archive's file name")
      .help("The package name waivers are matched against (one archive only).")
      .topic(Topic.SCANNERS).addCommands(SCAN));

  public static final Setting SCAN_TIMEOUT = add(Setting.builder()
      .option("--scan-timeout").variable("AIRLOCK_SCAN_TIMEOUT").kind(Kind.DURATION).defaultValue("30m")
      .help("Longest one remote scan (CodeGuru, the SARIF command) may take.")
      .topic(Topic.SCANNERS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting SARIF_COMMAND = add(Setting.builder()
      .option("--sarif-command").variable("AIRLOCK_SARIF_COMMAND").kind(Kind.TEXT).label("COMMAND")
      .help("The command the sarif scanner runs, without a shell: words with '...' or \"...\" quoting, or a "
          + "JSON array; {dir} is the unpacked package, {output} the SARIF file to write.")
      .topic(Topic.SCANNERS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting CODEGURU_ANALYSIS_TYPE = add(Setting.builder()
      .option("--codeguru-analysis-type").variable("AIRLOCK_CODEGURU_ANALYSIS_TYPE").noun("analysis type").kind(Kind.CHOICE)
      .addChoices("Security", "All").defaultValue("Security")
      .help("What CodeGuru Security analyses (discontinued by AWS on 2025-11-20).")
      .topic(Topic.SCANNERS).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting OSV_API_URL = add(Setting.builder()
      .option("--osv-api-url").variable("AIRLOCK_OSV_API_URL").kind(Kind.TEXT).label("URL")
      .defaultValue("https://api.osv.dev")
      .help("OSV API the osv scanner asks (it sends each package's ecosystem, name and version, never the archive); "
          + "another host must be in --allow-host.")
      .topic(Topic.SCANNERS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting POLICY_PATH = add(Setting.builder()
      .option("--policy-path").variable("AIRLOCK_POLICY_PATH").kind(Kind.TEXT).label("PATH")
      .help("The policy file's path inside the GitHub repository, read at the pull request's head and base "
          + "(instead of --policy).")
      .topic(Topic.SCANNERS).addCommands(CHECK));

  // ---- repositories ----

  public static final Setting REPOSITORY = add(Setting.builder()
      .option("--repository").variable("AIRLOCK_REPOSITORY").noun("repository").kind(Kind.CHOICE)
      .addChoices("file", "codeartifact", "github").defaultValue("file")
      .help("Where approved packages are published.")
      .topic(Topic.REPOSITORIES).addCommands(RUN, REEVALUATE));

  public static final Setting CODEARTIFACT_DOMAIN = add(Setting.builder()
      .option("--codeartifact-domain").variable("AIRLOCK_CODEARTIFACT_DOMAIN").kind(Kind.TEXT).label("DOMAIN")
      .help("CodeArtifact domain (--repository codeartifact).")
      .topic(Topic.REPOSITORIES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting CODEARTIFACT_DOMAIN_OWNER = add(Setting.builder()
      .option("--codeartifact-domain-owner").variable("AIRLOCK_CODEARTIFACT_DOMAIN_OWNER").kind(Kind.TEXT)
      .label("ACCOUNT").defaultDescription("the caller's account")
      .help("The account that owns the CodeArtifact domain.")
      .topic(Topic.REPOSITORIES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting CODEARTIFACT_REPOSITORY = add(Setting.builder()
      .option("--codeartifact-repository").variable("AIRLOCK_CODEARTIFACT_REPOSITORY").kind(Kind.TEXT)
      .label("NAME")
      .help("CodeArtifact repository approved packages are published to.")
      .topic(Topic.REPOSITORIES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting CODEARTIFACT_NAMESPACE = add(Setting.builder()
      .option("--codeartifact-namespace").variable("AIRLOCK_CODEARTIFACT_NAMESPACE").kind(Kind.TEXT)
      .label("NAMESPACE").defaultValue("airlock")
      .help("CodeArtifact generic namespace.")
      .topic(Topic.REPOSITORIES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting CODEARTIFACT_FORMAT = add(Setting.builder()
      .option("--codeartifact-format").variable("AIRLOCK_CODEARTIFACT_FORMAT").noun("format").kind(Kind.CHOICE)
      .addChoices("native", "generic").defaultValue("native")
      .help("How approved packages are published to CodeArtifact: native (Python dists as pypi, npm tarballs as "
          + "npm, anything else generic) or generic (everything generic).")
      .topic(Topic.REPOSITORIES).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting GITHUB_RELEASE_REPOSITORY = add(Setting.builder()
      .option("--github-release-repository").variable("AIRLOCK_GITHUB_RELEASE_REPOSITORY").kind(Kind.TEXT)
      .label("OWNER/NAME")
      .help("The private repository approved packages are released to (--repository github); never the "
          + "request repository.")
      .topic(Topic.REPOSITORIES).addCommands(RUN, CHECK, REEVALUATE));

  // ---- notifications ----

  public static final Setting NOTIFIERS = add(Setting.builder()
      .option("--notifiers").variable("AIRLOCK_NOTIFIERS").noun("notifier").kind(Kind.CHOICES)
      .addChoices("console", "sns", "github").defaultValue("console")
      .help("Who tells requesters the verdict.")
      .topic(Topic.NOTIFICATIONS).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting SNS_TOPIC_ARN = add(Setting.builder()
      .option("--sns-topic-arn").variable("AIRLOCK_SNS_TOPIC_ARN").kind(Kind.TEXT).label("ARN")
      .help("SNS topic the sns notifier publishes to.")
      .topic(Topic.NOTIFICATIONS).addCommands(RUN, CHECK, REEVALUATE));

  // ---- ledger ----

  public static final Setting LEDGER = add(Setting.builder()
      .option("--ledger").variable("AIRLOCK_LEDGER").noun("ledger").kind(Kind.CHOICE).addChoices("file", "dynamodb")
      .defaultValue("file")
      .help("Where decisions and claims are kept: file (under --data-dir, one machine) or dynamodb.")
      .topic(Topic.LEDGER).addCommands(RUN, REEVALUATE));

  public static final Setting DYNAMODB_TABLE = add(Setting.builder()
      .option("--dynamodb-table").variable("AIRLOCK_DYNAMODB_TABLE").kind(Kind.TEXT).label("TABLE")
      .help("DynamoDB table of the ledger (partition key decisionKey, a string).")
      .topic(Topic.LEDGER).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting RECHECK_AFTER = add(Setting.builder()
      .option("--recheck-after").variable("AIRLOCK_RECHECK_AFTER").kind(Kind.DURATION).defaultValue("24h")
      .help("An unpinned request whose name and URL were decided less than this long ago is not downloaded "
          + "again; 0s always downloads and compares.")
      .topic(Topic.LEDGER).addCommands(RUN));

  public static final Setting CLAIM_LEASE = add(Setting.builder()
      .option("--claim-lease").variable("AIRLOCK_CLAIM_LEASE").kind(Kind.DURATION).defaultValue("45m")
      .help("How long a run's claim on a request keeps other runs off it; longer than --scan-timeout.")
      .topic(Topic.LEDGER).addCommands(RUN));

  public static final Setting WORKER = add(Setting.builder()
      .option("--worker").variable("AIRLOCK_WORKER").kind(Kind.TEXT).label("I/N")
      .help("Be worker I of N sharing the request file: decide only this worker's rows (a stable hash of name and "
          + "URL), note each in the ledger, tell no requester, write no report and exit 0 once done (the assembly "
          + "reports the rows); needs AIRLOCK_RUN_ID.")
      .topic(Topic.LEDGER).addCommands(RUN));

  public static final Setting ASSEMBLE = add(Setting.builder()
      .option("--assemble").variable("AIRLOCK_ASSEMBLE").kind(Kind.COUNT).label("N")
      .help("Process nothing: once the N workers of run AIRLOCK_RUN_ID finished, assemble its verdict from the "
          + "ledger, write the reports and tell the requesters; a row no worker noted is an ERROR.")
      .topic(Topic.LEDGER).addCommands(RUN));

  public static final Setting RUN_ID = add(Setting.builder()
      .variable("AIRLOCK_RUN_ID").kind(Kind.TEXT)
      .defaultDescription("CODEBUILD_BUILD_ID, else the time and a random suffix")
      .help("The run's id in decisions, logs and reports; every --worker and the --assemble of one run share it.")
      .topic(Topic.LEDGER).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting DRY_RUN = add(Setting.builder()
      .option("--dry-run").variable("AIRLOCK_DRY_RUN").kind(Kind.FLAG).defaultValue("false")
      .help("Fetch and scan as usual, print what would be revoked or reopened, and change nothing.")
      .topic(Topic.LEDGER).addCommands(REEVALUATE));

  // ---- limits ----

  public static final Setting CONCURRENCY = add(Setting.builder()
      .option("--concurrency").variable("AIRLOCK_CONCURRENCY").kind(Kind.COUNT).defaultValue("4")
      .help("Requests worked on at once, 1 to 64.")
      .topic(Topic.LIMITS).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting MAX_DOWNLOAD_SIZE = add(Setting.builder()
      .option("--max-download-size").variable("AIRLOCK_MAX_DOWNLOAD_SIZE").kind(Kind.SIZE).defaultValue("512MiB")
      .help("Largest archive downloaded, counted while streaming; reading stops past it.")
      .topic(Topic.LIMITS).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting DOWNLOAD_TIMEOUT = add(Setting.builder()
      .option("--download-timeout").variable("AIRLOCK_DOWNLOAD_TIMEOUT").kind(Kind.DURATION).defaultValue("10m")
      .help("Longest one whole download may take, every redirect included.")
      .topic(Topic.LIMITS).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting STALL_TIMEOUT = add(Setting.builder()
      .option("--stall-timeout").variable("AIRLOCK_STALL_TIMEOUT").kind(Kind.DURATION).defaultValue("30s")
      .help("Longest wait for the next bytes of a download before it counts as stalled.")
      .topic(Topic.LIMITS).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting MAX_UNPACKED_SIZE = add(Setting.builder()
      .option("--max-unpacked-size").variable("AIRLOCK_MAX_UNPACKED_SIZE").kind(Kind.SIZE).defaultValue("4GiB")
      .help("Most uncompressed bytes read from one archive, nested archives included; past it the archive is "
          + "a bomb (CRITICAL).")
      .topic(Topic.LIMITS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting MAX_ARCHIVE_ENTRIES = add(Setting.builder()
      .option("--max-archive-entries").variable("AIRLOCK_MAX_ARCHIVE_ENTRIES").kind(Kind.COUNT)
      .defaultValue("100000")
      .help("Most entries read from one archive, nested archives included; past it the archive is a bomb "
          + "(CRITICAL).")
      .topic(Topic.LIMITS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting MAX_ARCHIVE_NESTING = add(Setting.builder()
      .option("--max-archive-nesting").variable("AIRLOCK_MAX_ARCHIVE_NESTING").kind(Kind.COUNT).defaultValue("2")
      .help("Levels of archives inside the archive that are opened and scanned; one deeper is a MEDIUM finding.")
      .topic(Topic.LIMITS).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting PAGE_SIZE = add(Setting.builder()
      .option("--page-size").variable("AIRLOCK_PAGE_SIZE").kind(Kind.COUNT).defaultValue("200")
      .help("Decisions read from the ledger at a time, 1 to 1000.")
      .topic(Topic.LIMITS).addCommands(REEVALUATE));

  // ---- output ----

  public static final Setting FORMAT = add(Setting.builder()
      .option("--format").variable("AIRLOCK_FORMAT").noun("format").kind(Kind.CHOICE).addChoices("text", "json")
      .defaultValue("text")
      .help("text, or json: one document on stdout and everything else on stderr.")
      .topic(Topic.OUTPUT).addCommands(RUN, CHECK, SCAN, REEVALUATE, POLICY_CHECK));

  public static final Setting DATA_DIR = add(Setting.builder()
      .option("--data-dir").variable("AIRLOCK_DATA_DIR").kind(Kind.PATH).label("DIR")
      .defaultValue("./airlock-data")
      .help("Folder of the file repository, the file ledger and the reports.")
      .topic(Topic.OUTPUT).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting REPORT_DIR = add(Setting.builder()
      .option("--report-dir").variable("AIRLOCK_REPORT_DIR").kind(Kind.PATH).label("DIR")
      .defaultDescription("<data-dir>/reports")
      .help("Folder the run's reports are written to (JSON, JUnit XML, SARIF, Markdown, and the lock files of "
          + "approved closures).")
      .topic(Topic.OUTPUT).addCommands(RUN, CHECK, REEVALUATE));

  public static final Setting SBOM_OUT = add(Setting.builder()
      .option("--sbom-out").variable("AIRLOCK_SBOM_OUT").kind(Kind.PATH).label("FILE")
      .help("Also write the archive's CycloneDX 1.5 SBOM to FILE (one archive only; needs no AWS).")
      .topic(Topic.OUTPUT).addCommands(SCAN));

  // ---- logging ----

  public static final Setting LOG_LEVEL = add(Setting.builder()
      .option("--log-level").variable("AIRLOCK_LOG_LEVEL").noun("log level").kind(Kind.CHOICE)
      .addChoices("error", "warn", "info", "debug", "trace").defaultValue("warn").label("LEVEL")
      .help("Least severe log lines shown; logs go to stderr.")
      .topic(Topic.LOGGING).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting VERBOSE = add(Setting.builder()
      .option("--verbose").shortOption("-v").variable("AIRLOCK_VERBOSE").kind(Kind.FLAG).defaultValue("false")
      .help("Same as --log-level debug.")
      .topic(Topic.LOGGING).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  public static final Setting LOG_FORMAT = add(Setting.builder()
      .variable("AIRLOCK_LOG_FORMAT").noun("log format").kind(Kind.CHOICE).addChoices("text", "json")
      .defaultDescription("text; json when CODEBUILD_BUILD_ID is set")
      .help("Log lines as text, or one JSON object per line.")
      .topic(Topic.LOGGING).addCommands(RUN, CHECK, SCAN, REEVALUATE));

  private Catalogue() {}

  private static Setting add(Setting.Builder setting) {
    Setting built = setting.build();
    for (Setting known : ALL) {
      if (known.variable().equals(built.variable()) || (known.option().isPresent()
          && known.option().equals(built.option()))) {
        throw new IllegalStateException(built.displayName() + " is in the catalogue twice");
      }
    }
    ALL.add(built);
    return built;
  }

  /** Every setting, in the order help lists them within a topic. */
  public static List<Setting> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** The settings {@code command} takes. */
  public static List<Setting> of(Command command) {
    return ALL.stream().filter(s -> s.commands().contains(command)).toList();
  }

  /** The setting of a long option ({@code --source}). */
  public static Optional<Setting> byOption(String option) {
    return ALL.stream().filter(s -> s.option().filter(option::equals).isPresent()).findFirst();
  }

  /** The setting a variable sets ({@code AIRLOCK_SOURCE}). */
  public static Optional<Setting> byVariable(String variable) {
    return ALL.stream().filter(s -> s.variable().equals(variable)).findFirst();
  }

  /** Every {@code AIRLOCK_*} variable Airlock reads. */
  public static List<String> variables() {
    return ALL.stream().map(Setting::variable).toList();
  }
}

package dev.airlock.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * Every account-specific value of the Airlock stack, read from CDK context ({@code -c key=value}
 * or {@code cdk.json}), checked once, with defaults for everything but the request repository.
 *
 * @param name prefix of the resource names (pipeline, project, topic, table, log group)
 * @param githubRepository the private repository holding the request file, as {@code owner/name}
 * @param connectionArn an existing CodeConnections connection; empty: the stack creates one
 * @param branch the branch whose pushes run the pipeline
 * @param requestFile path of the request file inside the repository
 * @param source the {@code AIRLOCK_SOURCE}: {@code file}, or {@code github} for requester attribution
 * @param airlockJar the runnable Airlock jar shipped to CodeBuild as an S3 asset
 * @param policyFile InfoSec's policy file, shipped as an S3 asset; empty: Airlock's built-in policy
 * @param scanners the {@code AIRLOCK_SCANNERS} list
 * @param allowedHosts the {@code AIRLOCK_ALLOWED_HOSTS} list; empty: Airlock's defaults
 * @param codeArtifactDomain CodeArtifact domain the stack creates
 * @param codeArtifactRepository repository Airlock publishes approved packages to
 * @param codeArtifactNamespace generic-package namespace of the approved packages
 * @param pypiUpstream whether to add a repository connected to public PyPI, in a domain of its own
 * @param notificationEmail an address subscribed to the topic
 * @param notificationRequester when set, the email subscription only gets this requester's verdicts
 * @param githubTokenSecretArn complete ARN of the Secrets Manager secret holding a GitHub token
 * @param network where CodeBuild runs and where the VPC endpoints go; empty: no VPC
 * @param logRetentionDays retention of the build log group
 * @param buildTimeoutMinutes CodeBuild timeout of one run
 * @param artifactRetentionDays days pipeline artifacts are kept
 * @param pullRequestChecks whether a second CodeBuild project runs {@code airlock check} on pull requests
 *     that touch the request or policy file (advice only: its role can neither publish nor record)
 * @param policyPath the policy file's path inside the request repository, when InfoSec keeps it there
 *     (pull requests may then add waivers, which the check shows and InfoSec reviews); empty: {@link
 *     #policyFile} or the built-in policy
 * @param workers how many CodeBuild builds share one run's request file: 1 runs one build; more runs a
 *     batch build of that many {@code airlock run --worker I/N} builds sharing the ledger's claims, then
 *     one {@code airlock run --assemble N} build that writes the run's reports and tells the requesters
 */
public record AirlockSettings(
    String name,
    String githubRepository,
    Optional<String> connectionArn,
    String branch,
    String requestFile,
    String source,
    Path airlockJar,
    Optional<Path> policyFile,
    List<String> scanners,
    List<String> allowedHosts,
    String codeArtifactDomain,
    String codeArtifactRepository,
    String codeArtifactNamespace,
    boolean pypiUpstream,
    Optional<String> notificationEmail,
    Optional<String> notificationRequester,
    Optional<String> githubTokenSecretArn,
    Optional<Network> network,
    int logRetentionDays,
    int buildTimeoutMinutes,
    int artifactRetentionDays,
    boolean pullRequestChecks,
    Optional<String> policyPath,
    int workers) {

  /** Context keys, as given with {@code cdk deploy -c key=value}. */
  public static final class Keys {
    public static final String NAME = "name";
    public static final String GITHUB_REPOSITORY = "githubRepository";
    public static final String CONNECTION_ARN = "connectionArn";
    public static final String BRANCH = "branch";
    public static final String REQUEST_FILE = "requestFile";
    public static final String SOURCE = "source";
    public static final String AIRLOCK_JAR = "airlockJar";
    public static final String POLICY_FILE = "policyFile";
    public static final String SCANNERS = "scanners";
    public static final String ALLOWED_HOSTS = "allowedHosts";
    public static final String CODEARTIFACT_DOMAIN = "codeArtifactDomain";
    public static final String CODEARTIFACT_REPOSITORY = "codeArtifactRepository";
    public static final String CODEARTIFACT_NAMESPACE = "codeArtifactNamespace";
    public static final String PYPI_UPSTREAM = "pypiUpstream";
    public static final String NOTIFICATION_EMAIL = "notificationEmail";
    public static final String NOTIFICATION_REQUESTER = "notificationRequester";
    public static final String GITHUB_TOKEN_SECRET_ARN = "githubTokenSecretArn";
    public static final String VPC_ID = "vpcId";
    public static final String SUBNET_IDS = "subnetIds";
    public static final String SECURITY_GROUP_ID = "securityGroupId";
    public static final String VPC_ENDPOINTS = "vpcEndpoints";
    public static final String ROUTE_TABLE_IDS = "routeTableIds";
    public static final String ENDPOINT_CLIENT_CIDR = "endpointClientCidr";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String BUILD_TIMEOUT_MINUTES = "buildTimeoutMinutes";
    public static final String ARTIFACT_RETENTION_DAYS = "artifactRetentionDays";
    public static final String PULL_REQUEST_CHECKS = "pullRequestChecks";
    public static final String POLICY_PATH = "policyPath";
    public static final String WORKERS = "workers";

    private Keys() {
    }
  }

  /** The most workers a run is spread over: with the assembly, a batch of at most 100 builds (CodeBuild's limit). */
  public static final int MAX_WORKERS = 99;

  /** Appended to the approved domain's name to name the domain of the public PyPI mirror. */
  public static final String PUBLIC_DOMAIN_SUFFIX = "-public";

  /** CodeArtifact's longest domain name. */
  private static final int DOMAIN_MAX_LENGTH = 50;

  /** Where the jar is when the stack is synthesised from this module's folder. */
  public static final String DEFAULT_AIRLOCK_JAR = "../bootstrap/target/airlock.jar";

  /** The retention periods CloudWatch Logs accepts. */
  static final Set<Integer> LOG_RETENTION_VALUES = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
      545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  private static final Set<String> SCANNER_IDS = Set.of("builtin", "sarif", "inspector");
  private static final Pattern SOURCE = Pattern.compile("file|github");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,30}");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+");
  private static final Pattern CONNECTION = Pattern.compile(
      "arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:\\d{12}:connection/[0-9a-f-]{36}");
  private static final Pattern SECRET = Pattern.compile(
      "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}");
  private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9-]{0,48}[a-z0-9]");
  private static final Pattern CODEARTIFACT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,99}");
  private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,255}");
  private static final Pattern REQUEST_PATH = Pattern.compile("[A-Za-z0-9._/-]{1,255}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:\\d{1,5})?");
  private static final Pattern VPC = Pattern.compile("vpc-[0-9a-f]{8,17}");
  private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
  private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8,17}");
  private static final Pattern ROUTE_TABLE = Pattern.compile("rtb-[0-9a-f]{8,17}");
  private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");

  /**
   * The VPC CodeBuild runs in, and the optional endpoints notebooks in that VPC use.
   *
   * @param vpcId the VPC
   * @param subnetIds private subnets for CodeBuild and the interface endpoints
   * @param securityGroupId an existing group for CodeBuild; empty: the stack creates an egress-only one
   * @param endpoints whether to create the CodeArtifact interface endpoints and the S3 gateway endpoint
   * @param routeTableIds route tables the S3 gateway endpoint is added to
   * @param endpointClientCidr the address range allowed to reach the interface endpoints on 443
   */
  public record Network(
      String vpcId,
      List<String> subnetIds,
      Optional<String> securityGroupId,
      boolean endpoints,
      List<String> routeTableIds,
      Optional<String> endpointClientCidr) {
  }

  /** Reads and checks the settings; throws {@link IllegalArgumentException} naming the context key at fault. */
  public static AirlockSettings fromContext(Node node) {
    Context context = new Context(node);
    String name = context.matching(Keys.NAME, NAME, "airlock");
    String repository = context.required(Keys.GITHUB_REPOSITORY, REPOSITORY,
        "the private GitHub repository holding the request file, as owner/name");
    Optional<String> connection = context.optional(Keys.CONNECTION_ARN, CONNECTION);
    String branch = context.matching(Keys.BRANCH, BRANCH, "main");
    String requestFile = context.matching(Keys.REQUEST_FILE, REQUEST_PATH, "external-package-request.csv");
    if (requestFile.startsWith("/") || Arrays.asList(requestFile.split("/")).contains("..")) {
      throw new IllegalArgumentException(Keys.REQUEST_FILE + " must be a path inside the repository, got "
          + requestFile);
    }
    String source = context.matching(Keys.SOURCE, SOURCE, "file");
    Path jar = Path.of(context.text(Keys.AIRLOCK_JAR).orElse(DEFAULT_AIRLOCK_JAR));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("the Airlock jar is not at " + jar.toAbsolutePath().normalize()
          + "; build it with `./mvnw -pl bootstrap -am package` or pass -c " + Keys.AIRLOCK_JAR + "=<path>");
    }
    Optional<Path> policy = context.text(Keys.POLICY_FILE).map(Path::of);
    if (policy.isPresent() && !Files.isRegularFile(policy.get())) {
      throw new IllegalArgumentException(Keys.POLICY_FILE + " is not a file: " + policy.get());
    }
    List<String> scanners = context.list(Keys.SCANNERS).orElse(List.of("builtin"));
    for (String scanner : scanners) {
      if (scanner.equals("codeguru")) {
        throw new IllegalArgumentException(Keys.SCANNERS + ": CodeGuru Security was discontinued on 2025-11-20;"
            + " use builtin, sarif or inspector");
      }
      if (!SCANNER_IDS.contains(scanner)) {
        throw new IllegalArgumentException(Keys.SCANNERS + ": unknown scanner '" + scanner + "'; expected "
            + String.join(", ", SCANNER_IDS.stream().sorted().toList()));
      }
    }
    List<String> hosts = context.list(Keys.ALLOWED_HOSTS).orElse(List.of());
    hosts.forEach(host -> context.check(Keys.ALLOWED_HOSTS, HOST, host));
    String domain = context.matching(Keys.CODEARTIFACT_DOMAIN, DOMAIN, name);
    String codeArtifactRepository = context.matching(Keys.CODEARTIFACT_REPOSITORY, CODEARTIFACT_NAME,
        "approved-packages");
    String namespace = context.matching(Keys.CODEARTIFACT_NAMESPACE, CODEARTIFACT_NAME, "airlock");
    boolean pypi = context.flag(Keys.PYPI_UPSTREAM);
    if (pypi && domain.length() + PUBLIC_DOMAIN_SUFFIX.length() > DOMAIN_MAX_LENGTH) {
      throw new IllegalArgumentException(Keys.PYPI_UPSTREAM + " puts public PyPI in the domain " + domain
          + PUBLIC_DOMAIN_SUFFIX + ", longer than CodeArtifact's " + DOMAIN_MAX_LENGTH + " characters; shorten "
          + Keys.CODEARTIFACT_DOMAIN);
    }
    Optional<String> email = context.optional(Keys.NOTIFICATION_EMAIL, EMAIL);
    Optional<String> requester = context.text(Keys.NOTIFICATION_REQUESTER);
    if (requester.isPresent() && email.isEmpty()) {
      throw new IllegalArgumentException(Keys.NOTIFICATION_REQUESTER + " needs " + Keys.NOTIFICATION_EMAIL);
    }
    Optional<String> secret = context.optional(Keys.GITHUB_TOKEN_SECRET_ARN, SECRET);
    if (source.equals("github") && secret.isEmpty()) {
      throw new IllegalArgumentException(Keys.SOURCE + "=github reads the request repository through the GitHub API"
          + " and needs " + Keys.GITHUB_TOKEN_SECRET_ARN);
    }
    Optional<Network> network = network(context);
    int retention = context.number(Keys.LOG_RETENTION_DAYS, 365);
    if (!LOG_RETENTION_VALUES.contains(retention)) {
      throw new IllegalArgumentException(Keys.LOG_RETENTION_DAYS + " must be one of "
          + LOG_RETENTION_VALUES.stream().sorted().toList() + ", got " + retention);
    }
    int timeout = context.number(Keys.BUILD_TIMEOUT_MINUTES, 60);
    if (timeout < 5 || timeout > 480) {
      throw new IllegalArgumentException(Keys.BUILD_TIMEOUT_MINUTES + " must be within 5..480, got " + timeout);
    }
    int artifactDays = context.number(Keys.ARTIFACT_RETENTION_DAYS, 30);
    if (artifactDays < 1) {
      throw new IllegalArgumentException(Keys.ARTIFACT_RETENTION_DAYS + " must be at least 1, got " + artifactDays);
    }
    boolean pullRequestChecks = context.flag(Keys.PULL_REQUEST_CHECKS);
    if (pullRequestChecks && secret.isEmpty()) {
      throw new IllegalArgumentException(Keys.PULL_REQUEST_CHECKS + " comments on pull requests through the GitHub"
          + " API and needs " + Keys.GITHUB_TOKEN_SECRET_ARN);
    }
    Optional<String> policyPath = context.optional(Keys.POLICY_PATH, REQUEST_PATH);
    if (policyPath.isPresent() && (policyPath.get().startsWith("/")
        || Arrays.asList(policyPath.get().split("/")).contains(".."))) {
      throw new IllegalArgumentException(Keys.POLICY_PATH + " must be a path inside the repository, got "
          + policyPath.get());
    }
    if (policyPath.isPresent() && policy.isPresent()) {
      throw new IllegalArgumentException(Keys.POLICY_FILE + " and " + Keys.POLICY_PATH + " both name the policy;"
          + " give one");
    }
    int workers = context.number(Keys.WORKERS, 1);
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException(Keys.WORKERS + " must be within 1.." + MAX_WORKERS
          + " (a CodeBuild batch holds the workers and the assembly), got " + workers);
    }
    return new AirlockSettings(name, repository, connection, branch, requestFile, source, jar, policy, scanners, hosts,
        domain, codeArtifactRepository, namespace, pypi, email, requester, secret, network, retention, timeout,
        artifactDays, pullRequestChecks, policyPath, workers);
  }

  /** The domain of the public PyPI mirror, kept apart from the approved packages' domain. */
  public String publicCodeArtifactDomain() {
    return codeArtifactDomain + PUBLIC_DOMAIN_SUFFIX;
  }

  private static Optional<Network> network(Context context) {
    Optional<String> vpc = context.optional(Keys.VPC_ID, VPC);
    boolean endpoints = context.flag(Keys.VPC_ENDPOINTS);
    if (vpc.isEmpty()) {
      for (String key : List.of(Keys.SUBNET_IDS, Keys.SECURITY_GROUP_ID, Keys.ROUTE_TABLE_IDS,
          Keys.ENDPOINT_CLIENT_CIDR)) {
        if (context.text(key).isPresent()) {
          throw new IllegalArgumentException(key + " needs " + Keys.VPC_ID);
        }
      }
      if (endpoints) {
        throw new IllegalArgumentException(Keys.VPC_ENDPOINTS + " needs " + Keys.VPC_ID);
      }
      return Optional.empty();
    }
    List<String> subnets = context.list(Keys.SUBNET_IDS).orElseThrow(() -> new IllegalArgumentException(
        Keys.SUBNET_IDS + " (comma list of private subnets) is required with " + Keys.VPC_ID));
    subnets.forEach(subnet -> context.check(Keys.SUBNET_IDS, SUBNET, subnet));
    Optional<String> group = context.optional(Keys.SECURITY_GROUP_ID, SECURITY_GROUP);
    List<String> routeTables = context.list(Keys.ROUTE_TABLE_IDS).orElse(List.of());
    routeTables.forEach(table -> context.check(Keys.ROUTE_TABLE_IDS, ROUTE_TABLE, table));
    Optional<String> cidr = context.optional(Keys.ENDPOINT_CLIENT_CIDR, CIDR);
    if (endpoints && routeTables.isEmpty()) {
      throw new IllegalArgumentException(Keys.ROUTE_TABLE_IDS
          + " is required with " + Keys.VPC_ENDPOINTS + ": the S3 gateway endpoint is added to those route tables");
    }
    if (endpoints && cidr.isEmpty()) {
      throw new IllegalArgumentException(Keys.ENDPOINT_CLIENT_CIDR + " is required with " + Keys.VPC_ENDPOINTS
          + ": the address range (usually the VPC's) allowed to reach the endpoints on port 443");
    }
    if (cidr.filter(c -> c.endsWith("/0")).isPresent()) {
      throw new IllegalArgumentException(Keys.ENDPOINT_CLIENT_CIDR + " must not be open to the world");
    }
    return Optional.of(new Network(vpc.get(), subnets, group, endpoints, routeTables, cidr));
  }

  /** Typed reads of CDK context values, which arrive as strings from the CLI and as JSON values from cdk.json. */
  private record Context(Node node) {

    Optional<String> text(String key) {
      Object value = node.tryGetContext(key);
      return value == null ? Optional.empty() : Optional.of(String.valueOf(value).strip()).filter(s -> !s.isEmpty());
    }

    String required(String key, Pattern pattern, String what) {
      return optional(key, pattern).orElseThrow(() -> new IllegalArgumentException(
          "context value " + key + " is required: " + what + " (cdk deploy -c " + key + "=...)"));
    }

    Optional<String> optional(String key, Pattern pattern) {
      Optional<String> value = text(key);
      value.ifPresent(v -> check(key, pattern, v));
      return value;
    }

    String matching(String key, Pattern pattern, String fallback) {
      return optional(key, pattern).orElse(fallback);
    }

    void check(String key, Pattern pattern, String value) {
      if (!pattern.matcher(value).matches()) {
        throw new IllegalArgumentException("context value " + key + " is malformed: '" + value + "' does not match "
            + pattern.pattern());
      }
    }

    Optional<List<String>> list(String key) {
      Object value = node.tryGetContext(key);
      if (value == null) {
        return Optional.empty();
      }
      List<String> items = new ArrayList<>();
      if (value instanceof List<?> list) {
        list.forEach(item -> items.add(String.valueOf(item).strip()));
      } else {
        items.addAll(Arrays.asList(String.valueOf(value).split(",")));
      }
      List<String> cleaned = items.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
      return cleaned.isEmpty() ? Optional.empty() : Optional.of(cleaned);
    }

    boolean flag(String key) {
      return text(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("context value " + key + " must be true or false, got " + v);
      }).orElse(false);
    }

    int number(String key, int fallback) {
      if (node.tryGetContext(key) instanceof Number number && number.doubleValue() == number.intValue()) {
        return number.intValue();
      }
      return text(key).map(v -> {
        try {
          return Integer.parseInt(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("context value " + key + " must be a whole number, got " + v, e);
        }
      }).orElse(fallback);
    }
  }
}

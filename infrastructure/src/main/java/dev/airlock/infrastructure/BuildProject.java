package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.Policies.allow;

import dev.airlock.configuration.Catalogue;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.ReportGroup;
import software.amazon.awscdk.services.codebuild.ReportGroupType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The CodeBuild project that runs the Airlock jar on the request file, with its least-privilege
 * role, its encrypted log group, its JUnit report group and the jar and policy it ships; and beside
 * it the project that runs {@code airlock reevaluate} on the ledger (started daily by the
 * {@link ReevaluationSchedule}), with the same jar, policy and configuration and a role of its own:
 * only that role may change a package version's status, and it reads no pipeline source.
 */
final class BuildProject extends Construct {

  /** Where the CodeBuild report group reads Airlock's JUnit report, relative to the source folder. */
  static final String JUNIT_REPORT = "airlock-data/reports/airlock-junit.xml";

  /** The CodeBuild image: Amazon Linux 2023 standard 5.0, which carries Corretto 21. */
  static final String BUILD_IMAGE = LinuxBuildImage.AMAZON_LINUX_2023_5.getImageId();

  /** The compute type of every build of the project (and of every build of a batch). */
  static final String COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";
  /** The batch's worker builds are named this and their number. */
  static final String WORKER_BUILD_PREFIX = "worker_";
  /** The batch's build that assembles the run once every worker has finished. */
  static final String ASSEMBLE_BUILD = "assemble";

  /** Where the buildspec puts the jar and a shipped policy. */
  static final String WORK_DIR = "/tmp/airlock";
  /** The command line the re-evaluation project runs. */
  static final String REEVALUATE_COMMAND = "reevaluate --format json";

  /**
   * The stores the build reads and writes, created by the stack.
   *
   * @param key the key that encrypts every store
   * @param artifacts the pipeline's artifact bucket
   * @param topic the notification topic
   * @param ledger the decision ledger
   * @param packages the CodeArtifact store approved packages are published to
   */
  record Stores(Key key, Bucket artifacts, Topic topic, Table ledger, PackageStore packages) {
  }

  private final AirlockSettings settings;
  private final Stores stores;
  private final CfnProject project;
  private final CfnProject reevaluation;

  BuildProject(Construct scope, String id, AirlockSettings settings, Stores stores, Optional<BuildNetwork> network) {
    super(scope, id);
    this.settings = settings;
    this.stores = stores;
    CfnLogGroup logGroup = LogicalIds.topLevel(CfnLogGroup.Builder.create(this, "BuildLogs")
        .logGroupName(logGroupName(settings))
        .retentionInDays(settings.logRetentionDays())
        .kmsKeyId(stores.key().getKeyArn())
        .build());
    logGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    ReportGroup reports = LogicalIds.keep(ReportGroup.Builder.create(this, "Reports")
        .reportGroupName(settings.name() + "-junit")
        .type(ReportGroupType.TEST)
        .build(), "Reports65402A0A");

    Asset jar = Asset.Builder.create(this, "AirlockJar").path(settings.airlockJar().toString()).build();
    Optional<Asset> policy = settings.policyFile()
        .map(file -> Asset.Builder.create(this, "AirlockPolicy").path(file.toString()).build());
    Optional<String> secretArn = settings.githubTokenSecretArn()
        .map(arn -> Secret.fromSecretCompleteArn(this, "GitHubToken", arn).getSecretArn());

    Role role = LogicalIds.keep(Role.Builder.create(this, "BuildRole")
        .assumedBy(Policies.servicePrincipal(this, "codebuild.amazonaws.com"))
        .description("Runs Airlock in CodeBuild: publishes to the approved repository, notifies, records decisions")
        .inlinePolicies(Map.of("airlock-run", PolicyDocument.Builder.create()
            .statements(statements(logGroup, reports, jar, policy, secretArn))
            .build()))
        .build(), "BuildRole41B77417");

    project = LogicalIds.topLevel(CfnProject.Builder.create(this, "Build")
        .name(settings.name())
        .description("Runs `airlock run` on the request file of " + settings.githubRepository())
        .serviceRole(role.getRoleArn())
        .encryptionKey(stores.key().getKeyArn())
        .timeoutInMinutes(settings.buildTimeoutMinutes())
        .queuedTimeoutInMinutes(60)
        .source(CfnProject.SourceProperty.builder()
            .type("CODEPIPELINE")
            .buildSpec(buildspec("run", reports.getReportGroupArn(), policy.isPresent())
                + (settings.workers() > 1 ? batch(settings.workers()) : ""))
            .build())
        .buildBatchConfig(settings.workers() > 1 ? batchConfig(settings) : null)
        .artifacts(CfnProject.ArtifactsProperty.builder().type("CODEPIPELINE").build())
        .environment(CfnProject.EnvironmentProperty.builder()
            .type("LINUX_CONTAINER")
            .computeType(COMPUTE_TYPE)
            .image(BUILD_IMAGE)
            .imagePullCredentialsType("CODEBUILD")
            .privilegedMode(false)
            .environmentVariables(environment(jar, policy, secretArn))
            .build())
        .logsConfig(CfnProject.LogsConfigProperty.builder()
            .cloudWatchLogs(CfnProject.CloudWatchLogsConfigProperty.builder()
                .status("ENABLED").groupName(logGroup.getRef()).build())
            .s3Logs(CfnProject.S3LogsConfigProperty.builder().status("DISABLED").build())
            .build())
        .vpcConfig(network.map(vpc -> CfnProject.VpcConfigProperty.builder()
            .vpcId(vpc.network().vpcId())
            .subnets(vpc.network().subnetIds())
            .securityGroupIds(List.of(vpc.buildSecurityGroupId()))
            .build()).orElse(null))
        .build());
    suppressFindings(role, network.isPresent(), true);

    Role reevaluateRole = LogicalIds.keep(Role.Builder.create(this, "ReevaluateRole")
        .assumedBy(Policies.servicePrincipal(this, "codebuild.amazonaws.com"))
        .description("Runs airlock reevaluate in CodeBuild: re-reads approved packages, archives revoked ones,"
            + " publishes reopened ones, records and notifies")
        .inlinePolicies(Map.of("airlock-reevaluate", PolicyDocument.Builder.create()
            .statements(reevaluationStatements(logGroup, reports, jar, policy, secretArn))
            .build()))
        .build(), "ReevaluateRole");
    reevaluation = LogicalIds.topLevel(CfnProject.Builder.create(this, "Reevaluate")
        .name(settings.name() + "-reevaluate")
        .description("Runs `airlock reevaluate` on the ledger's decisions: revokes approvals that now fail, "
            + "reopens refusals that now pass")
        .serviceRole(reevaluateRole.getRoleArn())
        .encryptionKey(stores.key().getKeyArn())
        .timeoutInMinutes(settings.buildTimeoutMinutes())
        .queuedTimeoutInMinutes(60)
        .source(CfnProject.SourceProperty.builder()
            .type("NO_SOURCE")
            .buildSpec(buildspecRunning(REEVALUATE_COMMAND, reports.getReportGroupArn(), policy.isPresent()))
            .build())
        .artifacts(CfnProject.ArtifactsProperty.builder().type("NO_ARTIFACTS").build())
        .environment(CfnProject.EnvironmentProperty.builder()
            .type("LINUX_CONTAINER")
            .computeType(COMPUTE_TYPE)
            .image(BUILD_IMAGE)
            .imagePullCredentialsType("CODEBUILD")
            .privilegedMode(false)
            .environmentVariables(environment(jar, policy, secretArn))
            .build())
        .logsConfig(CfnProject.LogsConfigProperty.builder()
            .cloudWatchLogs(CfnProject.CloudWatchLogsConfigProperty.builder()
                .status("ENABLED").groupName(logGroup.getRef()).streamName("reevaluate").build())
            .s3Logs(CfnProject.S3LogsConfigProperty.builder().status("DISABLED").build())
            .build())
        .vpcConfig(network.map(vpc -> CfnProject.VpcConfigProperty.builder()
            .vpcId(vpc.network().vpcId())
            .subnets(vpc.network().subnetIds())
            .securityGroupIds(List.of(vpc.buildSecurityGroupId()))
            .build()).orElse(null))
        .build());
    suppressFindings(reevaluateRole, network.isPresent(), false);
  }


  /**
   * The batch of a run spread over {@code workers} builds: one build per worker ({@code AIRLOCK_WORKER=I/N}),
   * all at once, sharing the ledger's claims; then, once every worker has finished, one build that
   * assembles the run ({@code AIRLOCK_ASSEMBLE=N}): its reports, its notifications and its exit code,
   * which is the batch's. A worker exits 0 once its share is done, so a worker that fails (it could
   * not read the request file, or it crashed) fails the batch and the assembly does not run: nothing
   * is told from a run half done, and the next run finishes it. Every build runs the same buildspec;
   * the pipeline passes {@code AIRLOCK_RUN_ID} (its execution id), which they all share.
   */
  static String batch(int workers) {
    StringBuilder graph = new StringBuilder()
        .append("batch:\n")
        .append("  fast-fail: false\n")
        .append("  build-graph:\n");
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= workers; i++) {
      String id = WORKER_BUILD_PREFIX + i;
      ids.add(id);
      graph.append("    - identifier: ").append(id).append("\n")
          .append("      env:\n")
          .append("        variables:\n")
          .append("          ").append(Catalogue.WORKER.variable()).append(": \"").append(i).append("/").append(workers)
          .append("\"\n");
    }
    graph.append("    - identifier: ").append(ASSEMBLE_BUILD).append("\n")
        .append("      depend-on:\n");
    ids.forEach(id -> graph.append("        - ").append(id).append("\n"));
    graph.append("      env:\n")
        .append("        variables:\n")
        .append("          ").append(Catalogue.ASSEMBLE.variable()).append(": \"").append(workers).append("\"\n");
    return graph.toString();
  }

  /**
   * Lets the project run batches: at most the workers and the assembly at once, each on the small
   * compute type, started by a role that may only start, stop and retry builds of this one project.
   */
  private CfnProject.ProjectBuildBatchConfigProperty batchConfig(AirlockSettings settings) {
    String projectArn = Stack.of(this).formatArn(ArnComponents.builder()
        .service("codebuild").resource("project").resourceName(settings.name()).build());
    Role batchRole = Role.Builder.create(this, "BatchRole")
        .assumedBy(Policies.servicePrincipal(this, "codebuild.amazonaws.com"))
        .description("Starts the builds of one Airlock run's batch: its workers and its assembly")
        .inlinePolicies(Map.of("airlock-batch", PolicyDocument.Builder.create()
            .statements(List.of(allow("StartRunBuilds",
                List.of("codebuild:StartBuild", "codebuild:StopBuild", "codebuild:RetryBuild"), List.of(projectArn))))
            .build()))
        .build();
    return CfnProject.ProjectBuildBatchConfigProperty.builder()
        .serviceRole(batchRole.getRoleArn())
        .combineArtifacts(false)
        .timeoutInMins(settings.buildTimeoutMinutes() * 2)
        .restrictions(CfnProject.BatchRestrictionsProperty.builder()
            .maximumBuildsAllowed(settings.workers() + 1)
            .computeTypesAllowed(List.of(COMPUTE_TYPE))
            .build())
        .build();
  }

  /** The build's log group; CloudWatch Logs encrypts it with the store key, whose policy names it. */
  static String logGroupName(AirlockSettings settings) {
    return "/aws/codebuild/" + settings.name();
  }

  /** The CodeBuild project the pipeline starts. */
  CfnProject project() {
    return project;
  }

  /** The CodeBuild project that runs {@code airlock reevaluate}. */
  CfnProject reevaluation() {
    return reevaluation;
  }

  /**
   * The run's statements without the pipeline's source artifacts (re-evaluation reads none), plus
   * what only re-evaluation does: page through the ledger's verdict index and, on the approved
   * repository's packages, read an asset back and set a version's status (Archived, to revoke it).
   */
  private List<PolicyStatement> reevaluationStatements(CfnLogGroup logGroup, ReportGroup reports, Asset jar,
      Optional<Asset> policy, Optional<String> secretArn) {
    List<PolicyStatement> statements = new ArrayList<>(statements(logGroup, reports, jar, policy, secretArn).stream()
        .filter(s -> !List.of("ReadSourceArtifacts", "LocateArtifactBucket").contains(s.getSid()))
        .toList());
    statements.add(allow("PageLedgerByVerdict", List.of("dynamodb:Query"),
        List.of(stores.ledger().getTableArn() + "/index/" + AirlockStack.LEDGER_VERDICT_INDEX)));
    statements.add(allow("WithdrawRevokedPackages",
        List.of("codeartifact:UpdatePackageVersionsStatus", "codeartifact:GetPackageVersionAsset"),
        stores.packages().packageArns()));
    return statements;
  }

  private List<PolicyStatement> statements(CfnLogGroup logGroup, ReportGroup reports, Asset jar,
      Optional<Asset> policy, Optional<String> secretArn) {
    PackageStore store = stores.packages();
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(allow("WriteBuildLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
        List.of(logGroup.getAttrArn())));
    statements.add(allow("WriteTestReports",
        List.of("codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases"),
        List.of(reports.getReportGroupArn())));
    statements.add(allow("ReadSourceArtifacts", List.of("s3:GetObject", "s3:GetObjectVersion"),
        List.of(stores.artifacts().arnForObjects("*"))));
    statements.add(allow("LocateArtifactBucket", List.of("s3:GetBucketAcl", "s3:GetBucketLocation"),
        List.of(stores.artifacts().getBucketArn())));
    List<String> assets = new ArrayList<>();
    assets.add(jar.getBucket().arnForObjects(jar.getS3ObjectKey()));
    policy.ifPresent(p -> assets.add(p.getBucket().arnForObjects(p.getS3ObjectKey())));
    statements.add(allow("ReadAirlockJarAndPolicy", List.of("s3:GetObject"), assets));
    statements.add(allow("UseStoreKey",
        List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
        List.of(stores.key().getKeyArn())));
    statements.add(allow("GetCodeArtifactToken", List.of("codeartifact:GetAuthorizationToken"),
        List.of(store.domain().getAttrArn())));
    statements.add(Policies.codeArtifactBearerToken());
    statements.add(allow("ReadApprovedRepository",
        List.of("codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"),
        List.of(store.approved().getAttrArn())));
    statements.add(allow("PublishApprovedPackages",
        List.of("codeartifact:PublishPackageVersion", "codeartifact:ListPackageVersions",
            "codeartifact:ListPackageVersionAssets", "codeartifact:DescribePackageVersion"),
        store.packageArns()));
    statements.add(allow("NotifyRequesters", List.of("sns:Publish"), List.of(stores.topic().getTopicArn())));
    statements.add(allow("RecordDecisions",
        List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
        List.of(stores.ledger().getTableArn())));
    secretArn.ifPresent(arn -> statements.add(allow("ReadGitHubToken", List.of("secretsmanager:GetSecretValue"),
        List.of(arn))));
    if (settings.scanners().contains("inspector")) {
      statements.add(allow("ScanSbomWithInspector", List.of("inspector-scan:ScanSbom"), List.of("*")));
    }
    settings.network().ifPresent(network -> statements.addAll(Policies.buildNetwork(this, network)));
    return statements;
  }

  private List<CfnProject.EnvironmentVariableProperty> environment(Asset jar, Optional<Asset> policy,
      Optional<String> secretArn) {
    PackageStore store = stores.packages();
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(Catalogue.SOURCE.variable(), settings.source());
    variables.put(Catalogue.GITHUB_REPOSITORY.variable(), settings.githubRepository());
    variables.put(Catalogue.REPOSITORY.variable(), "codeartifact");
    variables.put(Catalogue.NOTIFIERS.variable(), "sns");
    variables.put(Catalogue.LEDGER.variable(), "dynamodb");
    variables.put(Catalogue.SCANNERS.variable(), String.join(",", settings.scanners()));
    variables.put(Catalogue.DATA_DIR.variable(), "airlock-data");
    variables.put(Catalogue.CODEARTIFACT_DOMAIN.variable(), store.domain().getAttrName());
    variables.put(Catalogue.CODEARTIFACT_DOMAIN_OWNER.variable(), Stack.of(this).getAccount());
    variables.put(Catalogue.CODEARTIFACT_REPOSITORY.variable(), store.approved().getAttrName());
    variables.put(Catalogue.CODEARTIFACT_NAMESPACE.variable(), settings.codeArtifactNamespace());
    variables.put(Catalogue.CODEARTIFACT_FORMAT.variable(), "native");
    variables.put(Catalogue.SNS_TOPIC_ARN.variable(), stores.topic().getTopicArn());
    variables.put(Catalogue.DYNAMODB_TABLE.variable(), stores.ledger().getTableName());
    if (!settings.allowedHosts().isEmpty()) {
      variables.put(Catalogue.ALLOW_HOST.variable(), String.join(",", settings.allowedHosts()));
    }
    secretArn.ifPresent(arn -> variables.put(Catalogue.GITHUB_TOKEN_SECRET_ID.variable(), arn));
    // A policy kept in the request repository is read from the checked-out commit the build runs on.
    settings.policyPath().ifPresent(path -> variables.put(Catalogue.POLICY.variable(), path));
    policy.ifPresent(p -> {
      variables.put(Catalogue.POLICY.variable(), WORK_DIR + "/" + policyFileName(settings));
      variables.put("POLICY_S3_URL", p.getS3ObjectUrl());
      variables.put("POLICY_SHA256", sha256(settings.policyFile().orElseThrow()));
    });
    variables.put("REQUEST_FILE", settings.requestFile());
    variables.put("JAR_S3_URL", jar.getS3ObjectUrl());
    variables.put("JAR_SHA256", sha256(settings.airlockJar()));
    return variables.entrySet().stream()
        .map(e -> CfnProject.EnvironmentVariableProperty.builder()
            .name(e.getKey()).value(e.getValue()).type("PLAINTEXT").build())
        .toList();
  }

  /** Where the buildspec puts the shipped policy file, keeping its extension. */
  static String policyFileName(AirlockSettings settings) {
    String file = settings.policyFile().orElseThrow().getFileName().toString();
    int dot = file.lastIndexOf('.');
    return "policy" + (dot > 0 ? file.substring(dot) : ".yaml");
  }

  /**
   * The buildspec: fetch the jar (and policy), verify their SHA-256 against the digests taken at
   * synthesis, run the Airlock {@code command} ({@code run} or {@code check}) on the request file.
   * Airlock's exit code fails the build on any ERROR.
   */
  static String buildspec(String command, String reportGroupArn, boolean withPolicy) {
    return buildspecRunning(command + " \"$REQUEST_FILE\" --format json", reportGroupArn, withPolicy);
  }

  /** The same buildspec around any Airlock command line ({@code reevaluate --format json} reads no request file). */
  static String buildspecRunning(String commandLine, String reportGroupArn, boolean withPolicy) {
    StringBuilder preBuild = new StringBuilder()
        .append("      - mkdir -p " + WORK_DIR + "\n")
        .append("      - aws s3 cp --only-show-errors \"$JAR_S3_URL\" " + WORK_DIR + "/airlock.jar\n")
        .append("      - echo \"$JAR_SHA256  " + WORK_DIR + "/airlock.jar\" | sha256sum --check --strict -\n");
    if (withPolicy) {
      preBuild.append("      - aws s3 cp --only-show-errors \"$POLICY_S3_URL\" \"$AIRLOCK_POLICY\"\n")
          .append("      - echo \"$POLICY_SHA256  $AIRLOCK_POLICY\" | sha256sum --check --strict -\n");
    }
    String report = JUNIT_REPORT.substring(JUNIT_REPORT.lastIndexOf('/') + 1);
    String reportDir = JUNIT_REPORT.substring(0, JUNIT_REPORT.lastIndexOf('/'));
    return "version: 0.2\n"
        + "env:\n"
        + "  shell: bash\n"
        + "phases:\n"
        + "  install:\n"
        + "    runtime-versions:\n"
        + "      java: corretto21\n"
        + "  pre_build:\n"
        + "    commands:\n"
        + preBuild
        + "  build:\n"
        + "    commands:\n"
        + "      - java -jar " + WORK_DIR + "/airlock.jar " + commandLine + "\n"
        + "reports:\n"
        + "  " + reportGroupArn + ":\n"
        + "    base-directory: " + reportDir + "\n"
        + "    files:\n"
        + "      - " + report + "\n"
        + "    file-format: JUNITXML\n";
  }

  /**
   * cdk-nag findings on the build role that cannot be fixed, each with the reason it is acceptable.
   * The resource patterns are matched as regular expressions so they hold whether the stack is bound
   * to an account and region or synthesised environment-agnostic.
   */
  private void suppressFindings(Role role, boolean inVpc, boolean readsPipelineSource) {
    List<NagPackSuppression> build = new ArrayList<>();
    if (readsPipelineSource) {
      build.add(NagPackSuppression.builder()
          .id("AwsSolutions-IAM5")
          .reason("CodePipeline names source artifact objects per execution, so the build reads objects of the one"
              + " artifact bucket this stack creates (GetObject and GetObjectVersion only).")
          .appliesTo(List.of("Resource::<" + LogicalIds.of(stores.artifacts()) + ".Arn>/*"))
          .build());
    }
    build.add(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Approved package names are only known at run time; publishing and listing are limited to the"
            + " pypi and npm formats and the generic namespace of the one approved repository in the domain this"
            + " stack creates.")
        .appliesTo(stores.packages().packageArnPatterns())
        .build());
    List<String> anyResource = new ArrayList<>();
    anyResource.add("sts:GetServiceBearerToken has no resource type (its statement is limited by condition to"
        + " sts:AWSServiceName codeartifact.amazonaws.com)");
    if (settings.scanners().contains("inspector")) {
      anyResource.add("inspector-scan:ScanSbom has no resource type (it scans the SBOM sent with the request)");
    }
    if (inVpc) {
      anyResource.add("CodeBuild in a VPC needs the EC2 Describe calls and network-interface create/delete,"
          + " which IAM only grants on *");
    }
    build.add(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Only actions without resource-level permissions use *, each in a statement of its own: "
            + String.join("; ", anyResource) + ".")
        .appliesTo(List.of("Resource::*"))
        .build());
    if (inVpc) {
      build.add(NagPackSuppression.builder()
          .id("AwsSolutions-IAM5")
          .reason("Network interfaces are created per build, so their ids are unknown; the permission to attach"
              + " one is limited by condition to CodeBuild and the configured subnets.")
          .appliesTo(List.of(Policies.arnPattern("ec2", "network-interface/*")))
          .build());
    }
    if (!readsPipelineSource) {
      // The same findings on the re-evaluation role, each reason saying whose it is.
      build = build.stream().map(suppression -> NagPackSuppression.builder()
          .id(suppression.getId())
          .reason("Re-evaluation role, as the build role: " + suppression.getReason())
          .appliesTo(suppression.getAppliesTo())
          .build()).toList();
    }
    NagSuppressions.addResourceSuppressions(role, build);
  }

  /** The SHA-256 of a file shipped as an asset, which the buildspec checks before using it. */
  static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

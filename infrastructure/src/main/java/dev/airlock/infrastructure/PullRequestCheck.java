package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.Policies.allow;

import dev.airlock.configuration.Catalogue;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codebuild.ReportGroup;
import software.amazon.awscdk.services.codebuild.ReportGroupType;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The CodeBuild project that runs {@code airlock check} on pull requests: CodeBuild's own GitHub
 * webhook, through the stack's CodeConnections connection, starts it when a pull request into the
 * configured branch is opened, updated or reopened and touches the request file (or the policy file
 * kept beside it). The buildspec is the project's own, so a pull request cannot change what runs.
 *
 * <p>Its role is the check's "advice only" in IAM: it writes its own logs and test reports, reads the
 * jar, the GitHub token and the connection, and has no CodeArtifact, DynamoDB or SNS permission at
 * all, so a check can neither publish a package nor record a decision, whatever it runs.
 */
final class PullRequestCheck extends Construct {

  /** CodeBuild's webhook events of a pull request that is opened, gets new commits, or is reopened. */
  static final String PULL_REQUEST_EVENTS = "PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED";

  private final CfnProject project;

  PullRequestCheck(Construct scope, String id, AirlockSettings settings, Key key, String connectionArn,
      Optional<BuildNetwork> network) {
    super(scope, id);
    String secretArn = settings.githubTokenSecretArn().orElseThrow(() -> new IllegalArgumentException(
        AirlockSettings.Keys.PULL_REQUEST_CHECKS + " needs " + AirlockSettings.Keys.GITHUB_TOKEN_SECRET_ARN));
    CfnLogGroup logGroup = CfnLogGroup.Builder.create(this, "CheckLogs")
        .logGroupName(logGroupName(settings))
        .retentionInDays(settings.logRetentionDays())
        .kmsKeyId(key.getKeyArn())
        .build();
    logGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    ReportGroup reports = ReportGroup.Builder.create(this, "CheckReports")
        .reportGroupName(settings.name() + "-check-junit")
        .type(ReportGroupType.TEST)
        .build();
    Asset jar = Asset.Builder.create(this, "AirlockJar").path(settings.airlockJar().toString()).build();
    Optional<Asset> policy = settings.policyFile()
        .map(file -> Asset.Builder.create(this, "AirlockPolicy").path(file.toString()).build());

    Role role = Role.Builder.create(this, "CheckRole")
        .assumedBy(Policies.servicePrincipal(this, "codebuild.amazonaws.com"))
        .description("Runs airlock check on pull requests: advice only, cannot publish packages or record decisions")
        .inlinePolicies(Map.of("airlock-check", PolicyDocument.Builder.create()
            .statements(statements(settings, key, connectionArn, secretArn, logGroup, reports, jar, policy))
            .build()))
        .build();

    project = CfnProject.Builder.create(this, "Check")
        .name(settings.name() + "-check")
        .description("Runs `airlock check` on pull requests that change the request file of "
            + settings.githubRepository() + "; advice only")
        .serviceRole(role.getRoleArn())
        .encryptionKey(key.getKeyArn())
        .timeoutInMinutes(settings.buildTimeoutMinutes())
        .queuedTimeoutInMinutes(60)
        .source(CfnProject.SourceProperty.builder()
            .type("GITHUB")
            .location("https://github.com/" + settings.githubRepository() + ".git")
            .auth(CfnProject.SourceAuthProperty.builder().type("CODECONNECTIONS").resource(connectionArn).build())
            .gitCloneDepth(1)
            .reportBuildStatus(true)
            .buildSpec(BuildProject.buildspec("check", reports.getReportGroupArn(), policy.isPresent()))
            .build())
        .triggers(CfnProject.ProjectTriggersProperty.builder()
            .webhook(true)
            .buildType("BUILD")
            .filterGroups(List.of(List.of(
                filter("EVENT", PULL_REQUEST_EVENTS),
                filter("BASE_REF", "^refs/heads/" + Pattern.quote(settings.branch()) + "$"),
                filter("FILE_PATH", filePaths(settings)))))
            // Pull requests from forks run only once someone with write access comments to approve them.
            .pullRequestBuildPolicy(CfnProject.PullRequestBuildPolicyProperty.builder()
                .requiresCommentApproval("FORK_PULL_REQUESTS")
                .approverRoles(List.of("GITHUB_WRITE", "GITHUB_MAINTAIN", "GITHUB_ADMIN"))
                .build())
            .build())
        .artifacts(CfnProject.ArtifactsProperty.builder().type("NO_ARTIFACTS").build())
        .environment(CfnProject.EnvironmentProperty.builder()
            .type("LINUX_CONTAINER")
            .computeType("BUILD_GENERAL1_SMALL")
            .image(BuildProject.BUILD_IMAGE)
            .imagePullCredentialsType("CODEBUILD")
            .privilegedMode(false)
            .environmentVariables(environment(settings, secretArn, jar, policy))
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
        .build();
    suppressFindings(settings, role);
  }

  /** The check's log group; CloudWatch Logs encrypts it with the store key, whose policy names it. */
  static String logGroupName(AirlockSettings settings) {
    return "/aws/codebuild/" + settings.name() + "-check";
  }

  /** The project CodeBuild's webhook starts. */
  CfnProject project() {
    return project;
  }

  /** The request file, and the policy file when it is kept in the repository, as one anchored pattern. */
  private static String filePaths(AirlockSettings settings) {
    List<String> paths = new ArrayList<>(List.of(settings.requestFile()));
    settings.policyPath().ifPresent(paths::add);
    return "^(" + String.join("|", paths.stream().map(PullRequestCheck::regexLiteral).toList()) + ")$";
  }

  private static String regexLiteral(String path) {
    return path.replaceAll("[.*+?^${}()|\\[\\]\\\\]", "\\\\$0");
  }

  private static CfnProject.WebhookFilterProperty filter(String type, String pattern) {
    return CfnProject.WebhookFilterProperty.builder().type(type).pattern(pattern).build();
  }

  private List<PolicyStatement> statements(AirlockSettings settings, Key key, String connectionArn, String secretArn,
      CfnLogGroup logGroup, ReportGroup reports, Asset jar, Optional<Asset> policy) {
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(allow("WriteCheckLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
        List.of(logGroup.getAttrArn())));
    statements.add(allow("WriteCheckReports",
        List.of("codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases"),
        List.of(reports.getReportGroupArn())));
    List<String> assets = new ArrayList<>();
    assets.add(jar.getBucket().arnForObjects(jar.getS3ObjectKey()));
    policy.ifPresent(p -> assets.add(p.getBucket().arnForObjects(p.getS3ObjectKey())));
    statements.add(allow("ReadAirlockJarAndPolicy", List.of("s3:GetObject"), assets));
    statements.add(allow("UseStoreKey", List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
        List.of(key.getKeyArn())));
    // CodeBuild fetches the pull request's source through the connection; both spellings of the action exist.
    statements.add(allow("UseGitHubConnection", List.of("codeconnections:GetConnectionToken",
        "codeconnections:GetConnection", "codeconnections:UseConnection", "codestar-connections:GetConnectionToken",
        "codestar-connections:GetConnection", "codestar-connections:UseConnection"), List.of(connectionArn)));
    statements.add(allow("ReadGitHubToken", List.of("secretsmanager:GetSecretValue"), List.of(secretArn)));
    if (settings.scanners().contains("inspector")) {
      statements.add(allow("ScanSbomWithInspector", List.of("inspector-scan:ScanSbom"), List.of("*")));
    }
    settings.network().ifPresent(network -> statements.addAll(Policies.buildNetwork(this, network)));
    return statements;
  }

  private static List<CfnProject.EnvironmentVariableProperty> environment(AirlockSettings settings, String secretArn,
      Asset jar, Optional<Asset> policy) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(Catalogue.SOURCE.variable(), "github");
    variables.put(Catalogue.GITHUB_REPOSITORY.variable(), settings.githubRepository());
    variables.put(Catalogue.GITHUB_TOKEN_SECRET_ID.variable(), secretArn);
    variables.put(Catalogue.NOTIFIERS.variable(), "github");
    variables.put(Catalogue.SCANNERS.variable(), String.join(",", settings.scanners()));
    variables.put(Catalogue.DATA_DIR.variable(), "airlock-data");
    if (!settings.allowedHosts().isEmpty()) {
      variables.put(Catalogue.ALLOW_HOST.variable(), String.join(",", settings.allowedHosts()));
    }
    settings.policyPath().ifPresent(path -> variables.put(Catalogue.POLICY_PATH.variable(), path));
    policy.ifPresent(p -> {
      variables.put(Catalogue.POLICY.variable(), BuildProject.WORK_DIR + "/" + BuildProject.policyFileName(settings));
      variables.put("POLICY_S3_URL", p.getS3ObjectUrl());
      variables.put("POLICY_SHA256", BuildProject.sha256(settings.policyFile().orElseThrow()));
    });
    variables.put("REQUEST_FILE", settings.requestFile());
    variables.put("JAR_S3_URL", jar.getS3ObjectUrl());
    variables.put("JAR_SHA256", BuildProject.sha256(settings.airlockJar()));
    return variables.entrySet().stream()
        .map(e -> CfnProject.EnvironmentVariableProperty.builder()
            .name(e.getKey()).value(e.getValue()).type("PLAINTEXT").build())
        .toList();
  }

  /** cdk-nag findings on the check role that cannot be fixed, each with the reason it is acceptable. */
  private static void suppressFindings(AirlockSettings settings, Role role) {
    List<String> anyResource = new ArrayList<>();
    if (settings.scanners().contains("inspector")) {
      anyResource.add("inspector-scan:ScanSbom has no resource type (it scans the SBOM sent with the request)");
    }
    if (settings.network().isPresent()) {
      anyResource.add("CodeBuild in a VPC needs the EC2 Describe calls and network-interface create/delete,"
          + " which IAM only grants on *");
    }
    List<NagPackSuppression> check = new ArrayList<>();
    if (!anyResource.isEmpty()) {
      check.add(NagPackSuppression.builder()
          .id("AwsSolutions-IAM5")
          .reason("Only actions without resource-level permissions use *, each in a statement of its own: "
              + String.join("; ", anyResource) + ".")
          .appliesTo(List.of("Resource::*"))
          .build());
    }
    if (settings.network().isPresent()) {
      check.add(NagPackSuppression.builder()
          .id("AwsSolutions-IAM5")
          .reason("Network interfaces are created per build, so their ids are unknown; the permission to attach"
              + " one is limited by condition to CodeBuild and the configured subnets.")
          .appliesTo(List.of(Policies.arnPattern("ec2", "network-interface/*")))
          .build());
    }
    if (!check.isEmpty()) {
      NagSuppressions.addResourceSuppressions(role, check);
    }
  }
}

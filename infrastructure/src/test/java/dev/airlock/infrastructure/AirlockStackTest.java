package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.TemplateJson.at;
import static dev.airlock.infrastructure.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The stack with every option on (created GitHub connection, VPC, endpoints, PyPI upstream, email
 * subscription, GitHub source with its token secret, Inspector scanning, a policy file), synthesised
 * once for the class.
 */
@DisplayName("Airlock stack with every option on")
class AirlockStackTest {

  private static final String BRANCH = "release";
  private static final String REQUEST_FILE = "requests/packages.csv";
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airlock/github-token-AbCdEf";
  private static final List<String> SUBNETS = List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1");

  private static Path policyDir;
  private static Path policyFile;
  private static SynthesizedStack synth;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    policyDir = SynthesizedStack.tempDir();
    policyFile = SynthesizedStack.placeholder(policyDir, "infosec-policy.yaml", "threshold: HIGH\n");
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("branch", BRANCH);
    context.put("requestFile", REQUEST_FILE);
    context.put("policyFile", policyFile.toString());
    context.put("scanners", "builtin,inspector");
    context.put("pypiUpstream", "true");
    context.put("notificationEmail", "ops@example.com");
    context.put("notificationRequester", "octocat");
    context.put("githubTokenSecretArn", SECRET_ARN);
    context.put("source", "github");
    context.put("vpcId", "vpc-0123456789abcdef0");
    context.put("subnetIds", String.join(",", SUBNETS));
    context.put("vpcEndpoints", "true");
    context.put("routeTableIds", "rtb-0123456789abcdef0");
    context.put("endpointClientCidr", "10.0.0.0/16");
    synth = SynthesizedStack.synthesize(context);
    json = synth.json();
  }

  @AfterAll
  static void cleanUp() throws IOException {
    synth.delete();
    Files.delete(policyFile);
    Files.delete(policyDir);
  }

  private static String keyArn() {
    return "${" + json.single("AWS::KMS::Key").getKey() + ".Arn}";
  }

  private static Map<String, Object> project() {
    return json.ofType("AWS::CodeBuild::Project").get("Build");
  }

  private static Map<String, Object> reevaluation() {
    return json.ofType("AWS::CodeBuild::Project").get("Reevaluate");
  }

  private static String reevaluateRole() {
    return IamAssertions.roleOf(reevaluation().get("ServiceRole"));
  }

  private static Map<String, String> buildEnvironment() {
    return TemplateJson.buildEnvironment(project());
  }

  private static String buildspec() {
    return render(at(project(), "Source", "BuildSpec"));
  }

  private static String approvedRepositoryId() {
    return json.idOf("AWS::CodeArtifact::Repository", "RepositoryName", "approved-packages");
  }

  private static String approvedDomainId() {
    return json.idOf("AWS::CodeArtifact::Domain", "DomainName", "airlock");
  }

  private static String buildRole() {
    return IamAssertions.roleOf(project().get("ServiceRole"));
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Nested
  @DisplayName("resources")
  class Resources {

    @Test
    void shouldKeepEveryResourcesLogicalIdSoADeployedStackUpdatesInPlace() {
      // Named and retained resources (table, log group, domain, project, pipeline, package groups,
      // endpoints) cannot be replaced in place: a new logical id would make CloudFormation create a
      // second one beside the first and fail. These are the ids of the first deployable versions.
      assertThat(json.logicalIds()).containsExactlyInAnyOrder(
          "Key961B73FD", "KeyAlias910D852D", "Artifacts82DD59A1", "ArtifactsPolicy6E9058CC",
          "Notifications87298708", "NotificationsPolicyF9115BC9", "NotificationsopsexamplecomEC1F75B7",
          "LedgerB7379752",
          "Domain", "ApprovedRepository", "ApprovedNamespace", "PypiPackages", "NpmPackages",
          "PublicDomain", "PypiRepository", "PublicPypiPackages", "NotebookInstallPolicy85BDA11A",
          "BuildLogs", "Reports65402A0A", "BuildRole41B77417", "Build", "BuildSecurityGroup",
          "GitHub", "PipelineRoleDCFDBB91", "Pipeline",
          "ReevaluateRole", "Reevaluate", "ReevaluateScheduleRole", "ReevaluateSchedule",
          "EndpointSecurityGroup", "EndpointFromBuild", "CodeArtifactApiEndpoint",
          "CodeArtifactRepositoriesEndpoint", "S3GatewayEndpoint");
    }

    @Test
    void shouldCreateEveryResourceTheDeploymentNeeds() {
      Map<String, Integer> expected = Map.ofEntries(
          entry("AWS::CodeConnections::Connection", 1),
          entry("AWS::CodePipeline::Pipeline", 1),
          entry("AWS::CodeBuild::Project", 2),
          entry("AWS::Events::Rule", 1),
          entry("AWS::CodeBuild::ReportGroup", 1),
          entry("AWS::Logs::LogGroup", 1),
          entry("AWS::CodeArtifact::Domain", 2),
          entry("AWS::CodeArtifact::Repository", 2),
          entry("AWS::CodeArtifact::PackageGroup", 4),
          entry("AWS::SNS::Topic", 1),
          entry("AWS::SNS::TopicPolicy", 1),
          entry("AWS::SNS::Subscription", 1),
          entry("AWS::DynamoDB::Table", 1),
          entry("AWS::S3::Bucket", 1),
          entry("AWS::S3::BucketPolicy", 1),
          entry("AWS::KMS::Key", 1),
          entry("AWS::IAM::Role", 4),
          entry("AWS::IAM::ManagedPolicy", 1),
          entry("AWS::EC2::SecurityGroup", 2),
          entry("AWS::EC2::VPCEndpoint", 3));

      expected.forEach((type, count) -> synth.template().resourceCountIs(type, count));
    }

    @Test
    void shouldGiveEachPrincipalOneRoleWithItsPolicyInline() {
      // Inline policies attach with the role, so the build never starts before its permissions exist.
      synth.template().resourceCountIs("AWS::IAM::Policy", 0);
      assertThat(json.ofType("AWS::IAM::ManagedPolicy").values()).as("managed policies attached by the stack")
          .allSatisfy(policy -> assertThat(policy).doesNotContainKeys("Roles", "Users", "Groups"));
      assertThat(json.ofType("AWS::IAM::Role").values())
          .extracting(role -> render(at(role, "AssumeRolePolicyDocument", "Statement", 0, "Principal", "Service")))
          .containsExactlyInAnyOrder("codebuild.amazonaws.com", "codebuild.amazonaws.com",
              "codepipeline.amazonaws.com", "events.amazonaws.com");
    }
  }

  @Nested
  @DisplayName("IAM")
  class Iam {

    @Test
    void shouldAllowNoWildcardActionInAnyPolicy() {
      IamAssertions.assertNoWildcardActions(json);
    }

    @Test
    void shouldLetOnlyTheBuildAndReevaluateRolesPublishAndOnlyToTheCreatedRepositoryAndTopic() {
      // Given
      String buildRole = buildRole();
      String domain = approvedDomainId();
      String topic = json.single("AWS::SNS::Topic").getKey();

      // When
      List<TemplateJson.Statement> packagePublishing = IamAssertions.allowing(json.statements(),
          "codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata", "codeartifact:CopyPackageVersions");
      List<TemplateJson.Statement> topicPublishing = IamAssertions.allowing(json.statements(), "sns:Publish");

      // Then
      String packages = "arn:${Ref:AWS::Partition}:codeartifact:" + SynthesizedStack.REGION + ":"
          + SynthesizedStack.ACCOUNT + ":package/${" + domain + ".Name}/${" + approvedRepositoryId() + ".Name}/";
      // A reopened refusal is published by re-evaluation, and both tell requesters.
      assertThat(packagePublishing).extracting(TemplateJson.Statement::resourceId)
          .containsExactlyInAnyOrder(buildRole, reevaluateRole());
      assertThat(packagePublishing).allSatisfy(statement -> assertThat(statement.renderedResources())
          .containsExactly(packages + "pypi/*", packages + "npm/*", packages + "generic/airlock/*"));
      assertThat(topicPublishing).extracting(TemplateJson.Statement::resourceId)
          .containsExactlyInAnyOrder(buildRole, reevaluateRole());
      assertThat(topicPublishing).allSatisfy(statement -> assertThat(statement.renderedResources())
          .containsExactly("${Ref:" + topic + "}"));
    }

    @Test
    void shouldGrantTheBuildRoleEveryCodeArtifactCallTheRepositoryAdapterMakes() {
      // Given
      String buildRole = buildRole();

      // Then: the calls the CodeArtifact repository adapter makes in the native (pypi, npm) and generic
      // formats, each granted to the build role
      for (String action : List.of("codeartifact:GetAuthorizationToken", "sts:GetServiceBearerToken",
          "codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository",
          "codeartifact:ListPackageVersions", "codeartifact:ListPackageVersionAssets",
          "codeartifact:DescribePackageVersion", "codeartifact:PublishPackageVersion")) {
        assertThat(IamAssertions.allowing(json.statements(), action)).as(action)
            .anySatisfy(statement -> assertThat(statement.resourceId()).isEqualTo(buildRole));
      }
    }

    @Test
    void shouldScopeTheBuildRolesCodeArtifactAccessToTheApprovedDomainAndRepository() {
      // When
      List<TemplateJson.Statement> codeArtifact = json.roleStatements(buildRole()).stream()
          .filter(statement -> statement.actions().stream()
              .anyMatch(action -> action.startsWith("codeartifact:") || action.startsWith("sts:")))
          .toList();

      // Then: a token for the approved domain (the bearer token conditioned to CodeArtifact), the
      // approved repository's endpoint and reads, and the package calls; nothing on the public domain
      IamAssertions.assertInstallStatements(codeArtifact, "${" + approvedDomainId() + ".Arn}",
          "${" + approvedRepositoryId() + ".Arn}");
      assertThat(codeArtifact).hasSize(4);
      assertThat(IamAssertions.allowing(codeArtifact, "codeartifact:PublishPackageVersion")).singleElement()
          .satisfies(statement -> assertThat(statement.actions()).containsExactlyInAnyOrder(
              "codeartifact:PublishPackageVersion", "codeartifact:ListPackageVersions",
              "codeartifact:ListPackageVersionAssets", "codeartifact:DescribePackageVersion"));
    }

    @Test
    void shouldGrantTheBuildRoleExactlyTheDynamoDbCallsTheLedgerAdapterMakesOnTheLedgerTable() {
      // Given
      String buildRole = IamAssertions.roleOf(project().get("ServiceRole"));
      String table = json.single("AWS::DynamoDB::Table").getKey();

      // When
      List<TemplateJson.Statement> ledgerStatements = json.roleStatements(buildRole).stream()
          .filter(statement -> statement.actions().stream().anyMatch(a -> a.startsWith("dynamodb:")))
          .toList();

      // Then: the calls DynamoDbDecisionLedger makes (claim PutItem, final UpdateItem, release DeleteItem,
      // reads GetItem), nothing else, on the ledger table only
      assertThat(ledgerStatements).singleElement().satisfies(statement -> {
        assertThat(statement.resourceId()).isEqualTo(buildRole);
        assertThat(statement.actions()).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        assertThat(statement.renderedResources()).containsExactly("${" + table + ".Arn}");
      });
    }

    @Test
    void shouldUseAnyResourceOnlyForActionsIamCannotScope() {
      String buildRole = buildRole();
      String notebookPolicy = json.single("AWS::IAM::ManagedPolicy").getKey();
      List<String> unscopable = List.of("sts:GetServiceBearerToken", "inspector-scan:ScanSbom",
          "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs");

      List<TemplateJson.Statement> anyResource = Stream.concat(
              json.ofType("AWS::IAM::Role").keySet().stream().flatMap(role -> json.roleStatements(role).stream()),
              json.managedPolicyStatements(notebookPolicy).stream())
          .filter(statement -> statement.renderedResources().contains("*"))
          .toList();

      assertThat(anyResource).isNotEmpty().allSatisfy(statement -> {
        assertThat(statement.resourceId()).isIn(buildRole, reevaluateRole(), notebookPolicy);
        assertThat(statement.renderedResources()).containsExactly("*");
        assertThat(unscopable).containsAll(statement.actions());
        if (statement.actions().contains("sts:GetServiceBearerToken")) {
          assertThat(statement.actions()).containsExactly("sts:GetServiceBearerToken");
          assertThat(statement.body().get("Condition")).isEqualTo(IamAssertions.CODEARTIFACT_BEARER_TOKEN_CONDITION);
        }
      });
      assertThat(anyResource).extracting(TemplateJson.Statement::resourceId).contains(buildRole, notebookPolicy);
    }

    @Test
    void shouldReadExactlyTheShippedJarAndPolicyObjects() {
      String buildRole = IamAssertions.roleOf(project().get("ServiceRole"));
      Map<String, String> environment = buildEnvironment();

      List<TemplateJson.Statement> reads = IamAssertions.allowing(json.roleStatements(buildRole), "s3:GetObject");

      assertThat(reads).flatExtracting(TemplateJson.Statement::renderedResources).contains(
          "arn:${Ref:AWS::Partition}:s3:::" + environment.get("JAR_S3_URL").substring("s3://".length()),
          "arn:${Ref:AWS::Partition}:s3:::" + environment.get("POLICY_S3_URL").substring("s3://".length()));
    }

    @Test
    void shouldReadTheGitHubTokenSecretOnlyByItsArn() {
      String buildRole = IamAssertions.roleOf(project().get("ServiceRole"));

      List<TemplateJson.Statement> reads = IamAssertions.allowing(json.statements(), "secretsmanager:GetSecretValue");

      assertThat(reads).extracting(TemplateJson.Statement::resourceId)
          .containsExactlyInAnyOrder(buildRole, reevaluateRole());
      assertThat(reads).allSatisfy(statement -> assertThat(statement.renderedResources()).containsExactly(SECRET_ARN));
    }

    @Test
    void shouldTrustServicesOnlyWhenTheyActForThisAccount() {
      assertThat(json.ofType("AWS::IAM::Role").values())
          .allSatisfy(role -> assertThat(at(role, "AssumeRolePolicyDocument", "Statement", 0, "Condition"))
              .isEqualTo(IamAssertions.sourceAccountCondition(SynthesizedStack.ACCOUNT)));
    }
  }

  @Nested
  @DisplayName("encryption")
  class Encryption {

    @Test
    void shouldEncryptEveryStoreWithTheOneRotatingCustomerManagedKey() {
      // Given
      Map<String, Object> key = json.single("AWS::KMS::Key").getValue();
      Map<String, Object> bucket = json.single("AWS::S3::Bucket").getValue();
      Map<String, Object> table = json.single("AWS::DynamoDB::Table").getValue();
      Map<String, Object> pipeline = json.single("AWS::CodePipeline::Pipeline").getValue();

      // Then
      assertThat(key.get("EnableKeyRotation")).isEqualTo(true);
      assertThat(render(at(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration", 0,
          "ServerSideEncryptionByDefault", "KMSMasterKeyID"))).isEqualTo(keyArn());
      assertThat(at(bucket, "BucketEncryption", "ServerSideEncryptionConfiguration", 0,
          "ServerSideEncryptionByDefault", "SSEAlgorithm")).isEqualTo("aws:kms");
      assertThat(at(table, "SSESpecification", "SSEEnabled")).isEqualTo(true);
      assertThat(at(table, "SSESpecification", "SSEType")).isEqualTo("KMS");
      assertThat(render(at(table, "SSESpecification", "KMSMasterKeyId"))).isEqualTo(keyArn());
      assertThat(render(json.single("AWS::SNS::Topic").getValue().get("KmsMasterKeyId"))).isEqualTo(keyArn());
      assertThat(render(json.single("AWS::Logs::LogGroup").getValue().get("KmsKeyId"))).isEqualTo(keyArn());
      assertThat(json.ofType("AWS::CodeArtifact::Domain").values())
          .allSatisfy(domain -> assertThat(render(domain.get("EncryptionKey"))).isEqualTo(keyArn()));
      assertThat(render(project().get("EncryptionKey"))).isEqualTo(keyArn());
      assertThat(render(at(pipeline, "ArtifactStore", "EncryptionKey", "Id"))).isEqualTo(keyArn());
      assertThat(at(pipeline, "ArtifactStore", "EncryptionKey", "Type")).isEqualTo("KMS");
    }

    @Test
    void shouldLetCloudWatchLogsUseTheKeyOnlyForTheBuildLogGroup() {
      Map<String, Object> logGroup = json.single("AWS::Logs::LogGroup").getValue();
      String keyId = json.single("AWS::KMS::Key").getKey();

      List<TemplateJson.Statement> logs = json.statements().stream()
          .filter(statement -> statement.resourceId().equals(keyId))
          .filter(statement -> String.valueOf(statement.body().get("Principal")).contains("logs."))
          .toList();

      assertThat(logs).singleElement().satisfies(statement -> {
        assertThat(render(at(statement.body(), "Principal", "Service")))
            .isEqualTo("logs." + SynthesizedStack.REGION + ".amazonaws.com");
        assertThat(render(at(statement.body(), "Condition", "ArnEquals", "kms:EncryptionContext:aws:logs:arn")))
            .endsWith(":logs:" + SynthesizedStack.REGION + ":" + SynthesizedStack.ACCOUNT + ":log-group:"
                + logGroup.get("LogGroupName"));
      });
      assertThat(logGroup.get("LogGroupName")).isEqualTo("/aws/codebuild/airlock");
    }
  }

  @Nested
  @DisplayName("pipeline")
  class Pipeline {

    @Test
    void shouldBeAV2PipelineTriggeredByPushesThatChangeTheRequestFile() {
      synth.template().hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of(
          "PipelineType", "V2",
          "Triggers", List.of(Match.objectLike(Map.of(
              "ProviderType", "CodeStarSourceConnection",
              "GitConfiguration", Match.objectLike(Map.of(
                  "SourceActionName", RequestPipeline.SOURCE_ACTION,
                  "Push", List.of(Match.objectLike(Map.of(
                      "Branches", Map.of("Includes", List.of(BRANCH)),
                      "FilePaths", Map.of("Includes", List.of(REQUEST_FILE)))))))))))));
    }

    @Test
    void shouldReadTheRequestRepositoryThroughTheCreatedConnection() {
      Map.Entry<String, Map<String, Object>> connection = json.single("AWS::CodeConnections::Connection");
      Map<String, Object> pipeline = json.single("AWS::CodePipeline::Pipeline").getValue();

      Object source = at(pipeline, "Stages", 0, "Actions", 0);

      assertThat(connection.getValue()).containsEntry("ProviderType", "GitHub");
      assertThat(at(source, "Name")).isEqualTo(RequestPipeline.SOURCE_ACTION);
      assertThat(at(source, "ActionTypeId", "Provider")).isEqualTo("CodeStarSourceConnection");
      assertThat(render(at(source, "Configuration", "ConnectionArn")))
          .isEqualTo("${" + connection.getKey() + ".ConnectionArn}");
      assertThat(at(source, "Configuration", "FullRepositoryId")).isEqualTo(SynthesizedStack.GITHUB_REPOSITORY);
      assertThat(at(source, "Configuration", "BranchName")).isEqualTo(BRANCH);
    }

    @Test
    void shouldRunTheAirlockBuildOnTheSourceAndQueueRuns() {
      Map<String, Object> pipeline = json.single("AWS::CodePipeline::Pipeline").getValue();
      String projectId = "Build";

      Object build = at(pipeline, "Stages", 1, "Actions", 0);

      assertThat(at(build, "ActionTypeId", "Provider")).isEqualTo("CodeBuild");
      assertThat(render(at(build, "Configuration", "ProjectName"))).isEqualTo("${Ref:" + projectId + "}");
      assertThat(at(build, "InputArtifacts", 0, "Name"))
          .isEqualTo(at(pipeline, "Stages", 0, "Actions", 0, "OutputArtifacts", 0, "Name"));
      assertThat(pipeline.get("ExecutionMode")).isEqualTo("QUEUED");
    }
  }

  @Nested
  @DisplayName("build")
  class Build {

    @Test
    void shouldRunTheAirlockJarOnCorretto21() {
      assertThat(at(project(), "Environment", "Image")).isEqualTo("aws/codebuild/amazonlinux-x86_64-standard:5.0");
      assertThat(at(project(), "Environment", "PrivilegedMode")).isEqualTo(false);
      assertThat(buildspec())
          .contains("java: corretto21")
          .contains("- java -jar /tmp/airlock/airlock.jar run \"$REQUEST_FILE\" --format json");
    }

    @Test
    void shouldConfigureAirlockThroughTheEnvironment() throws Exception {
      String domain = approvedDomainId();

      Map<String, String> environment = buildEnvironment();

      assertThat(environment).contains(
          entry("AIRLOCK_SOURCE", "github"),
          entry("AIRLOCK_GITHUB_REPOSITORY", SynthesizedStack.GITHUB_REPOSITORY),
          entry("AIRLOCK_REPOSITORY", "codeartifact"),
          entry("AIRLOCK_NOTIFIERS", "sns"),
          entry("AIRLOCK_LEDGER", "dynamodb"),
          entry("AIRLOCK_SCANNERS", "builtin,inspector"),
          entry("AIRLOCK_DATA_DIR", "airlock-data"),
          entry("AIRLOCK_CODEARTIFACT_DOMAIN", "${" + domain + ".Name}"),
          entry("AIRLOCK_CODEARTIFACT_DOMAIN_OWNER", SynthesizedStack.ACCOUNT),
          entry("AIRLOCK_CODEARTIFACT_REPOSITORY", "${" + approvedRepositoryId() + ".Name}"),
          entry("AIRLOCK_CODEARTIFACT_NAMESPACE", "airlock"),
          entry("AIRLOCK_CODEARTIFACT_FORMAT", "native"),
          entry("AIRLOCK_SNS_TOPIC_ARN", "${Ref:" + json.single("AWS::SNS::Topic").getKey() + "}"),
          entry("AIRLOCK_DYNAMODB_TABLE", "${Ref:" + json.single("AWS::DynamoDB::Table").getKey() + "}"),
          entry("AIRLOCK_GITHUB_TOKEN_SECRET_ID", SECRET_ARN),
          entry("AIRLOCK_POLICY", "/tmp/airlock/policy.yaml"),
          entry("REQUEST_FILE", REQUEST_FILE),
          entry("JAR_SHA256", sha256(synth.jar())),
          entry("POLICY_SHA256", sha256(policyFile)));
      assertThat(environment.get("JAR_S3_URL")).matches("s3://cdk-[a-z0-9]+-assets-" + SynthesizedStack.ACCOUNT
          + "-" + SynthesizedStack.REGION + "/[0-9a-f]{64}\\.jar");
    }

    @Test
    void shouldCheckTheJarAndPolicyDigestsBeforeRunning() {
      String spec = buildspec();

      assertThat(spec)
          .contains("echo \"$JAR_SHA256  /tmp/airlock/airlock.jar\" | sha256sum --check --strict -")
          .contains("echo \"$POLICY_SHA256  $AIRLOCK_POLICY\" | sha256sum --check --strict -");
      assertThat(spec.indexOf("sha256sum")).isLessThan(spec.indexOf("java -jar"));
    }

    @Test
    void shouldFeedTheReportGroupFromAirlocksJUnitReport() {
      Map.Entry<String, Map<String, Object>> reports = json.single("AWS::CodeBuild::ReportGroup");
      String dataDir = buildEnvironment().get("AIRLOCK_DATA_DIR");

      assertThat(reports.getValue()).containsEntry("Type", "TEST");
      assertThat(BuildProject.JUNIT_REPORT).isEqualTo(dataDir + "/reports/airlock-junit.xml");
      assertThat(buildspec()).contains("reports:\n  ${" + reports.getKey() + ".Arn}:\n"
          + "    base-directory: " + dataDir + "/reports\n"
          + "    files:\n"
          + "      - airlock-junit.xml\n"
          + "    file-format: JUNITXML\n");
    }

    @Test
    void shouldLogToTheEncryptedGroupWithItsRetention() {
      Map.Entry<String, Map<String, Object>> logGroup = json.single("AWS::Logs::LogGroup");

      assertThat(logGroup.getValue()).containsEntry("RetentionInDays", 365);
      assertThat(render(at(project(), "LogsConfig", "CloudWatchLogs", "GroupName")))
          .isEqualTo("${Ref:" + logGroup.getKey() + "}");
    }

    @Test
    void shouldRunInTheGivenSubnetsBehindAGroupThatOnlyAllowsHttpsOut() {
      String group = json.idOf("AWS::EC2::SecurityGroup", "GroupDescription",
          "Airlock CodeBuild: HTTPS out only, nothing in");
      Map<String, Object> properties = json.ofType("AWS::EC2::SecurityGroup").get(group);

      assertThat(at(project(), "VpcConfig", "Subnets")).isEqualTo(SUBNETS);
      assertThat(render(at(project(), "VpcConfig", "SecurityGroupIds", 0))).isEqualTo("${" + group + ".GroupId}");
      assertThat(properties).doesNotContainKey("SecurityGroupIngress");
      assertThat((List<?>) properties.get("SecurityGroupEgress")).singleElement().satisfies(rule -> assertThat(
          TemplateJson.asMap(rule)).contains(entry("IpProtocol", "tcp"), entry("FromPort", 443), entry("ToPort", 443)));
      assertThat(json.ofType("AWS::EC2::SecurityGroupIngress").values())
          .noneMatch(ingress -> render(ingress.get("GroupId")).contains(group));
    }
  }

  @Nested
  @DisplayName("stores")
  class Stores {

    @Test
    void shouldKeepTheLedgerOnDemandWithPointInTimeRecovery() {
      synth.template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
          "KeySchema", List.of(Map.of("AttributeName", AirlockStack.LEDGER_PARTITION_KEY, "KeyType", "HASH")),
          "AttributeDefinitions", List.of(Map.of("AttributeName", "decisionKey", "AttributeType", "S"),
              Map.of("AttributeName", "verdict", "AttributeType", "S")),
          // Re-evaluation pages through decisions of one verdict with Query on this index, never Scan.
          "GlobalSecondaryIndexes", List.of(Map.of(
              "IndexName", AirlockStack.LEDGER_VERDICT_INDEX,
              "KeySchema", List.of(Map.of("AttributeName", "verdict", "KeyType", "HASH"),
                  Map.of("AttributeName", "decisionKey", "KeyType", "RANGE")),
              "Projection", Map.of("ProjectionType", "ALL"))),
          "BillingMode", "PAY_PER_REQUEST",
          "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
          "DeletionProtectionEnabled", true));
    }

    @Test
    void shouldVersionTheArtifactBucketBlockPublicAccessAndExpireArtifacts() {
      Map<String, Object> bucket = json.single("AWS::S3::Bucket").getValue();

      assertThat(at(bucket, "VersioningConfiguration", "Status")).isEqualTo("Enabled");
      assertThat(bucket.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
          "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
      assertThat(at(bucket, "LifecycleConfiguration", "Rules", 0)).isEqualTo(Map.of(
          "Id", "expire-pipeline-artifacts",
          "Status", "Enabled",
          "ExpirationInDays", 30,
          "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30),
          "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1)));
    }

    @Test
    void shouldRefuseUnencryptedTransportToTheBucketAndTheTopic() {
      synth.template().hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
          "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
              "Effect", "Deny",
              "Action", "s3:*",
              "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
      synth.template().hasResourceProperties("AWS::SNS::TopicPolicy", Match.objectLike(Map.of(
          "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
              "Effect", "Deny",
              "Action", "sns:Publish",
              "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void shouldSubscribeTheEmailToItsRequesterOnly() {
      synth.template().hasResourceProperties("AWS::SNS::Subscription", Map.of(
          "Protocol", "email",
          "Endpoint", "ops@example.com",
          "FilterPolicy", Map.of("requester", List.of("octocat"))));
    }

    @Test
    void shouldServePipNpmAndGenericFromOneApprovedRepositoryWithoutUpstreams() {
      Map<String, Object> approved = json.ofType("AWS::CodeArtifact::Repository").get(approvedRepositoryId());

      assertThat(render(approved.get("DomainName"))).isEqualTo("${" + approvedDomainId() + ".Name}");
      assertThat(approved).doesNotContainKeys("ExternalConnections", "Upstreams");
      assertThat(json.ofType("AWS::CodeArtifact::Repository").values())
          .filteredOn(repository -> render(repository.get("DomainName")).equals("${" + approvedDomainId() + ".Name}"))
          .containsExactly(approved);
    }

    @Test
    void shouldLetEveryFormatAirlockPublishesEnterOnlyByPublishingToTheApprovedRepository() {
      Map<String, Map<String, Object>> groups = groupsOf(approvedDomainId());

      assertThat(groups).containsOnlyKeys("/pypi/*", "/npm/*", "/generic/airlock/*");
      assertThat(groups.values()).allSatisfy(group -> {
        assertThat(at(group, "OriginConfiguration", "Restrictions", "Publish", "RestrictionMode"))
            .isEqualTo("ALLOW_SPECIFIC_REPOSITORIES");
        assertThat((List<?>) at(group, "OriginConfiguration", "Restrictions", "Publish", "Repositories"))
            .extracting(TemplateJson::render).containsExactly("${" + approvedRepositoryId() + ".Name}");
        assertThat(at(group, "OriginConfiguration", "Restrictions", "ExternalUpstream"))
            .isEqualTo(Map.of("RestrictionMode", "BLOCK"));
        assertThat(at(group, "OriginConfiguration", "Restrictions", "InternalUpstream"))
            .isEqualTo(Map.of("RestrictionMode", "BLOCK"));
      });
    }

    @Test
    void shouldMirrorPublicPypiInADomainOfItsOwnThatNobodyPublishesTo() {
      String publicDomain = json.idOf("AWS::CodeArtifact::Domain", "DomainName", "airlock-public");
      String pypi = json.idOf("AWS::CodeArtifact::Repository", "RepositoryName", PackageStore.PYPI_REPOSITORY);
      Map<String, Object> mirror = json.ofType("AWS::CodeArtifact::Repository").get(pypi);
      Map<String, Map<String, Object>> groups = groupsOf(publicDomain);

      assertThat(render(mirror.get("DomainName"))).isEqualTo("${" + publicDomain + ".Name}");
      assertThat(mirror).containsEntry("ExternalConnections", List.of("public:pypi"));
      assertThat(groups).containsOnlyKeys("/pypi/*");
      assertThat(at(groups.get("/pypi/*"), "OriginConfiguration", "Restrictions", "Publish"))
          .isEqualTo(Map.of("RestrictionMode", "BLOCK"));
      assertThat(render(at(groups.get("/pypi/*"), "OriginConfiguration", "Restrictions", "ExternalUpstream",
          "Repositories", 0))).isEqualTo("${" + pypi + ".Name}");
      assertThat(at(groups.get("/pypi/*"), "OriginConfiguration", "Restrictions", "InternalUpstream"))
          .isEqualTo(Map.of("RestrictionMode", "BLOCK"));
    }

    private static Map<String, Map<String, Object>> groupsOf(String domainId) {
      return json.ofType("AWS::CodeArtifact::PackageGroup").values().stream()
          .filter(group -> render(group.get("DomainName")).equals("${" + domainId + ".Name}"))
          .collect(Collectors.toMap(group -> (String) group.get("Pattern"), group -> group));
    }
  }

  @Nested
  @DisplayName("notebook access")
  class NotebookAccess {

    private static String notebookPolicy() {
      return json.single("AWS::IAM::ManagedPolicy").getKey();
    }

    @Test
    void shouldLetNotebooksInstallFromTheApprovedRepositoryOnly() {
      List<TemplateJson.Statement> statements = json.managedPolicyStatements(notebookPolicy());

      assertThat(statements).hasSize(3);
      IamAssertions.assertInstallStatements(statements, "${" + approvedDomainId() + ".Arn}",
          "${" + approvedRepositoryId() + ".Arn}");
    }

    @Test
    void shouldLetNotebooksPublishNothing() {
      List<TemplateJson.Statement> statements = json.managedPolicyStatements(notebookPolicy());

      assertThat(statements).allSatisfy(statement -> {
        assertThat(statement.effect()).isEqualTo("Allow");
        assertThat(IamAssertions.INSTALL_ACTIONS).containsAll(statement.actions());
      });
      assertThat(statements).flatExtracting(TemplateJson.Statement::actions).doesNotContain(
          "codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata",
          "codeartifact:CopyPackageVersions", "codeartifact:DeletePackageVersions");
    }

    @Test
    void shouldNameThePolicyAfterTheInstallation() {
      assertThat(json.single("AWS::IAM::ManagedPolicy").getValue())
          .containsEntry("ManagedPolicyName", "airlock-notebook-install");
    }

    @Test
    void shouldOutputThePolicyAndTheExactLoginCommands() {
      String domain = "${" + approvedDomainId() + ".Name}";
      String repository = "${" + approvedRepositoryId() + ".Name}";
      String pypi = json.idOf("AWS::CodeArtifact::Repository", "RepositoryName", PackageStore.PYPI_REPOSITORY);

      Map<String, String> outputs = json.outputs();

      assertThat(outputs).contains(
          entry("NotebookInstallPolicyArn", "${Ref:" + notebookPolicy() + "}"),
          entry("PipLoginCommand", "aws codeartifact login --tool pip --domain " + domain + " --domain-owner "
              + SynthesizedStack.ACCOUNT + " --repository " + repository),
          entry("NpmLoginCommand", "aws codeartifact login --tool npm --domain " + domain + " --domain-owner "
              + SynthesizedStack.ACCOUNT + " --repository " + repository),
          entry("PublicPypiLoginCommand", "aws codeartifact login --tool pip --domain ${" + pypi
              + ".DomainName} --domain-owner " + SynthesizedStack.ACCOUNT + " --repository ${" + pypi + ".Name}"));
    }
  }

  @Nested
  @DisplayName("VPC endpoints")
  class Endpoints {

    @Test
    void shouldGiveNotebooksPrivateCodeArtifactAndS3Endpoints() {
      Map<String, Map<String, Object>> endpoints = json.ofType("AWS::EC2::VPCEndpoint").values().stream()
          .collect(Collectors.toMap(e -> render(e.get("ServiceName")), e -> e));

      assertThat(endpoints).containsOnlyKeys("com.amazonaws.eu-west-1.codeartifact.api",
          "com.amazonaws.eu-west-1.codeartifact.repositories", "com.amazonaws.eu-west-1.s3");
      for (String service : List.of("codeartifact.api", "codeartifact.repositories")) {
        assertThat(endpoints.get("com.amazonaws.eu-west-1." + service)).contains(
            entry("VpcEndpointType", "Interface"), entry("PrivateDnsEnabled", true), entry("SubnetIds", SUBNETS));
      }
      assertThat(endpoints.get("com.amazonaws.eu-west-1.s3")).contains(entry("VpcEndpointType", "Gateway"),
          entry("RouteTableIds", List.of("rtb-0123456789abcdef0")));
    }

    @Test
    void shouldOpenTheEndpointsOnlyToTheClientRangeAndTheBuild() {
      String endpointGroup = json.idOf("AWS::EC2::SecurityGroup", "GroupDescription",
          "CodeArtifact interface endpoints: HTTPS in from the notebook range, nothing out");
      String buildGroup = json.idOf("AWS::EC2::SecurityGroup", "GroupDescription",
          "Airlock CodeBuild: HTTPS out only, nothing in");
      Map<String, Object> properties = json.ofType("AWS::EC2::SecurityGroup").get(endpointGroup);

      assertThat((List<?>) properties.get("SecurityGroupIngress")).singleElement().satisfies(rule ->
          assertThat(TemplateJson.asMap(rule)).contains(entry("CidrIp", "10.0.0.0/16"), entry("FromPort", 443)));
      assertThat(json.single("AWS::EC2::SecurityGroupIngress").getValue()).satisfies(ingress -> {
        assertThat(render(ingress.get("GroupId"))).isEqualTo("${" + endpointGroup + ".GroupId}");
        assertThat(render(ingress.get("SourceSecurityGroupId"))).isEqualTo("${" + buildGroup + ".GroupId}");
      });
    }
  }

  @Nested
  @DisplayName("re-evaluation")
  class Reevaluation {

    @Test
    void shouldStartTheReevaluateProjectDailyThroughARoleThatMayStartOnlyIt() {
      // Given
      Map.Entry<String, Map<String, Object>> rule = json.single("AWS::Events::Rule");
      String scheduleRole = IamAssertions.roleOf(at(rule.getValue(), "Targets", 0, "RoleArn"));

      // Then
      assertThat(rule.getValue()).containsEntry("ScheduleExpression", "cron(0 3 * * ? *)")
          .containsEntry("State", "ENABLED");
      assertThat(render(at(rule.getValue(), "Targets", 0, "Arn"))).isEqualTo("${Reevaluate.Arn}");
      assertThat(json.roleStatements(scheduleRole)).singleElement().satisfies(statement -> {
        assertThat(statement.actions()).containsExactly("codebuild:StartBuild");
        assertThat(statement.renderedResources()).containsExactly("${Reevaluate.Arn}");
      });
      assertThat(render(at(json.ofType("AWS::IAM::Role").get(scheduleRole), "AssumeRolePolicyDocument", "Statement",
          0, "Principal", "Service"))).isEqualTo("events.amazonaws.com");
    }

    @Test
    void shouldRunReevaluateWithTheSameJarPolicyAndConfigurationAsTheBuildButNoPipelineSource() {
      String spec = render(at(reevaluation(), "Source", "BuildSpec"));

      assertThat(at(reevaluation(), "Source", "Type")).isEqualTo("NO_SOURCE");
      assertThat(at(reevaluation(), "Artifacts", "Type")).isEqualTo("NO_ARTIFACTS");
      assertThat(spec).contains("- java -jar /tmp/airlock/airlock.jar reevaluate --format json")
          .contains("echo \"$JAR_SHA256  /tmp/airlock/airlock.jar\" | sha256sum --check --strict -")
          .doesNotContain(" run ");
      assertThat(spec.indexOf("sha256sum")).isLessThan(spec.indexOf("java -jar"));
      assertThat(TemplateJson.buildEnvironment(reevaluation())).isEqualTo(buildEnvironment());
      assertThat(render(reevaluation().get("EncryptionKey"))).isEqualTo(keyArn());
      assertThat(at(reevaluation(), "VpcConfig", "Subnets")).isEqualTo(SUBNETS);
      assertThat(at(reevaluation(), "LogsConfig", "CloudWatchLogs", "StreamName")).isEqualTo("reevaluate");
    }

    @Test
    void shouldLetOnlyTheReevaluateRoleChangeAPackageVersionsStatusAndOnlyOnTheApprovedPackages() {
      String packages = "arn:${Ref:AWS::Partition}:codeartifact:" + SynthesizedStack.REGION + ":"
          + SynthesizedStack.ACCOUNT + ":package/${" + approvedDomainId() + ".Name}/${" + approvedRepositoryId()
          + ".Name}/";

      List<TemplateJson.Statement> statusChanges = IamAssertions.allowing(json.statements(),
          "codeartifact:UpdatePackageVersionsStatus");

      assertThat(statusChanges).singleElement().satisfies(statement -> {
        assertThat(statement.resourceId()).isEqualTo(reevaluateRole());
        assertThat(statement.actions()).containsExactlyInAnyOrder("codeartifact:UpdatePackageVersionsStatus",
            "codeartifact:GetPackageVersionAsset");
        assertThat(statement.renderedResources()).containsExactly(packages + "pypi/*", packages + "npm/*",
            packages + "generic/airlock/*");
      });
      assertThat(IamAssertions.allowing(json.statements(), "codeartifact:DisposePackageVersions",
          "codeartifact:DeletePackageVersions", "codeartifact:DeletePackage")).as("evidence is never deleted").isEmpty();
    }

    @Test
    void shouldPageTheLedgerByQueryOnTheVerdictIndexAndNeverScan() {
      String table = json.single("AWS::DynamoDB::Table").getKey();

      List<TemplateJson.Statement> ledger = json.roleStatements(reevaluateRole()).stream()
          .filter(statement -> statement.actions().stream().anyMatch(a -> a.startsWith("dynamodb:")))
          .toList();

      assertThat(ledger).anySatisfy(statement -> {
        assertThat(statement.actions()).containsExactly("dynamodb:Query");
        assertThat(statement.renderedResources()).containsExactly("${" + table + ".Arn}/index/verdict-index");
      });
      assertThat(ledger).anySatisfy(statement -> assertThat(statement.actions()).containsExactlyInAnyOrder(
          "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"));
      assertThat(IamAssertions.allowing(json.statements(), "dynamodb:Scan")).isEmpty();
      assertThat(IamAssertions.allowing(json.roleStatements(buildRole()), "dynamodb:Query",
          "codeartifact:UpdatePackageVersionsStatus")).as("the run needs neither").isEmpty();
    }

    @Test
    void shouldReadNoPipelineArtifactsInReevaluation() {
      assertThat(IamAssertions.allowing(json.roleStatements(reevaluateRole()), "s3:GetObjectVersion")).isEmpty();
    }
  }

  @Nested
  @DisplayName("cdk-nag")
  class Nag {

    @Test
    void shouldReportNoUnsuppressedAwsSolutionsFinding() {
      assertThat(synth.nagErrors()).isEmpty();
      assertThat(synth.nagWarnings()).isEmpty();
    }

    @Test
    void shouldGiveEverySuppressionAWrittenReasonAndANamedFinding() {
      List<SynthesizedStack.Suppression> suppressions = synth.suppressions();

      assertThat(suppressions).isNotEmpty().allSatisfy(suppression -> {
        assertThat(suppression.ruleId()).matches("AwsSolutions-[A-Z]+\\d+");
        assertThat(suppression.reason()).as("reason for %s", suppression.ruleId()).hasSizeGreaterThan(80);
        if (suppression.ruleId().equals("AwsSolutions-IAM5")) {
          assertThat(suppression.appliesTo()).as("an IAM5 suppression names the findings it covers").isNotEmpty();
        }
      });
      assertThat(suppressions).extracting(SynthesizedStack.Suppression::reason).doesNotHaveDuplicates();
    }

    @Test
    void shouldUseEverySuppressionItDeclares() {
      List<List<String>> suppressed = synth.nagReport().stream()
          .filter(row -> row.get(2).equals("Suppressed"))
          .toList();

      assertThat(synth.suppressions()).allSatisfy(suppression -> assertThat(suppressed)
          .as("a finding suppressed by: %s", suppression.reason())
          .anySatisfy(row -> {
            assertThat(row.get(0)).isEqualTo(suppression.ruleId());
            assertThat(row.get(3)).endsWith(suppression.reason());
          }));
    }
  }
}

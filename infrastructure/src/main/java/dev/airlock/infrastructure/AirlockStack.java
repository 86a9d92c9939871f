package dev.airlock.infrastructure;

import dev.airlock.infrastructure.AirlockSettings.Network;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
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
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.codeartifact.CfnDomain;
import software.amazon.awscdk.services.codeartifact.CfnPackageGroup;
import software.amazon.awscdk.services.codeartifact.CfnRepository;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.ReportGroup;
import software.amazon.awscdk.services.codebuild.ReportGroupType;
import software.amazon.awscdk.services.codeconnections.CfnConnection;
import software.amazon.awscdk.services.codepipeline.CfnPipeline;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.CfnVPCEndpoint;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Everything one Airlock installation needs: the GitHub connection and V2 pipeline that run on
 * pushes of the request file, the CodeBuild project that runs the Airlock jar, the CodeArtifact
 * repository it publishes to, the SNS topic it notifies on, the DynamoDB ledger, the artifact
 * bucket and the one customer-managed KMS key that encrypts every store. Every IAM permission is
 * written out here, action by action, against the resources this stack creates.
 */
public final class AirlockStack extends Stack {

  /** Partition key of the ledger table: the string form of a decision key (name, URL, content SHA-256). */
  public static final String LEDGER_PARTITION_KEY = "decisionKey";

  /** Where the CodeBuild report group reads Airlock's JUnit report, relative to the source folder. */
  public static final String JUNIT_REPORT = "airlock-data/reports/airlock-junit.xml";

  /** The CodeBuild image: Amazon Linux 2023 standard 5.0, which carries Corretto 21. */
  public static final String BUILD_IMAGE = LinuxBuildImage.AMAZON_LINUX_2023_5.getImageId();

  static final String SOURCE_ACTION = "RequestRepository";
  static final String PYPI_REPOSITORY = "pypi-upstream";
  private static final String SOURCE_ARTIFACT = "RequestFiles";
  private static final String WORK_DIR = "/tmp/airlock";

  private final AirlockSettings settings;

  /** Builds the stack from checked settings. */
  public AirlockStack(Construct scope, String id, StackProps props, AirlockSettings settings) {
    super(scope, id, props);
    this.settings = settings;
    String logGroupName = "/aws/codebuild/" + settings.name();

    Key key = encryptionKey(logGroupName);
    Bucket artifacts = artifactBucket(key);
    Topic topic = notificationTopic(key);
    Table ledger = ledgerTable(key);
    PackageStore store = packageStore(key);
    CfnLogGroup logGroup = CfnLogGroup.Builder.create(this, "BuildLogs")
        .logGroupName(logGroupName)
        .retentionInDays(settings.logRetentionDays())
        .kmsKeyId(key.getKeyArn())
        .build();
    logGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
    ReportGroup reports = ReportGroup.Builder.create(this, "Reports")
        .reportGroupName(settings.name() + "-junit")
        .type(ReportGroupType.TEST)
        .build();
    Optional<String> buildSecurityGroup = settings.network().map(this::buildSecurityGroup);

    Asset jar = Asset.Builder.create(this, "AirlockJar").path(settings.airlockJar().toString()).build();
    Optional<Asset> policy = settings.policyFile()
        .map(file -> Asset.Builder.create(this, "AirlockPolicy").path(file.toString()).build());
    Optional<String> secretArn = settings.githubTokenSecretArn()
        .map(arn -> Secret.fromSecretCompleteArn(this, "GitHubToken", arn).getSecretArn());

    Role buildRole = Role.Builder.create(this, "BuildRole")
        .assumedBy(servicePrincipal("codebuild.amazonaws.com"))
        .description("Runs Airlock in CodeBuild: publishes to the approved repository, notifies, records decisions")
        .inlinePolicies(Map.of("airlock-run", PolicyDocument.Builder.create()
            .statements(buildStatements(key, artifacts, topic, ledger, store, logGroup, reports, jar, policy,
                secretArn))
            .build()))
        .build();

    CfnProject project = CfnProject.Builder.create(this, "Build")
        .name(settings.name())
        .description("Runs `airlock run` on the request file of " + settings.githubRepository())
        .serviceRole(buildRole.getRoleArn())
        .encryptionKey(key.getKeyArn())
        .timeoutInMinutes(settings.buildTimeoutMinutes())
        .queuedTimeoutInMinutes(60)
        .source(CfnProject.SourceProperty.builder()
            .type("CODEPIPELINE")
            .buildSpec(buildspec(reports.getReportGroupArn(), policy.isPresent()))
            .build())
        .artifacts(CfnProject.ArtifactsProperty.builder().type("CODEPIPELINE").build())
        .environment(CfnProject.EnvironmentProperty.builder()
            .type("LINUX_CONTAINER")
            .computeType("BUILD_GENERAL1_SMALL")
            .image(BUILD_IMAGE)
            .imagePullCredentialsType("CODEBUILD")
            .privilegedMode(false)
            .environmentVariables(environment(topic, ledger, store, jar, policy, secretArn))
            .build())
        .logsConfig(CfnProject.LogsConfigProperty.builder()
            .cloudWatchLogs(CfnProject.CloudWatchLogsConfigProperty.builder()
                .status("ENABLED").groupName(logGroup.getRef()).build())
            .s3Logs(CfnProject.S3LogsConfigProperty.builder().status("DISABLED").build())
            .build())
        .vpcConfig(settings.network().map(network -> CfnProject.VpcConfigProperty.builder()
            .vpcId(network.vpcId())
            .subnets(network.subnetIds())
            .securityGroupIds(List.of(buildSecurityGroup.orElseThrow()))
            .build()).orElse(null))
        .build();

    String connectionArn = settings.connectionArn().orElseGet(() -> CfnConnection.Builder.create(this, "GitHub")
        .connectionName(settings.name() + "-github")
        .providerType("GitHub")
        .build()
        .getAttrConnectionArn());
    CfnPipeline pipeline = pipeline(connectionArn, key, artifacts, project);

    settings.network().filter(Network::endpoints)
        .ifPresent(network -> vpcEndpoints(network, buildSecurityGroup));

    suppressFindings(buildRole, artifacts, store, settings.network().isPresent());

    output("ConnectionArn", connectionArn, "GitHub connection; complete its handshake in the console once");
    output("PipelineName", pipeline.getRef(), "the pipeline that runs on pushes of the request file");
    output("TopicArn", topic.getTopicArn(), "subscribe requesters here with a filter on the requester attribute");
    output("CodeArtifactDomain", store.domain().getAttrName(), "CodeArtifact domain of the approved packages");
    output("CodeArtifactRepository", store.approved().getAttrName(), "repository of the approved packages");
    output("LedgerTable", ledger.getTableName(), "DynamoDB table of Airlock's decisions");
    output("NotebookInstallPolicyArn", store.notebookInstallPolicy().getManagedPolicyArn(),
        "attach to notebook roles: read-only pip and npm installs from the approved repository");
    output("PipLoginCommand", loginCommand("pip", store.domain().getAttrName(), store.approved().getAttrName()),
        "run once in a notebook, then `pip install NAME==VERSION` installs approved packages only");
    output("NpmLoginCommand", loginCommand("npm", store.domain().getAttrName(), store.approved().getAttrName()),
        "run once in a notebook, then `npm install NAME@VERSION` installs approved packages only");
    store.publicPypi().ifPresent(pypi -> output("PublicPypiLoginCommand",
        loginCommand("pip", pypi.getAttrDomainName(), pypi.getAttrName()),
        "public PyPI through CodeArtifact, unvetted: not the approved packages"));
  }

  /**
   * The CodeArtifact resources the build publishes to and notebooks install from.
   *
   * @param domain the domain of the approved packages
   * @param approved the one repository Airlock publishes to
   * @param packageArns the package ARNs the build may publish and list: pypi, npm and generic in Airlock's namespace
   * @param notebookInstallPolicy the read-only install policy for notebook roles
   * @param publicPypi the public PyPI mirror, in a domain of its own, when asked for
   */
  record PackageStore(CfnDomain domain, CfnRepository approved, List<String> packageArns,
      ManagedPolicy notebookInstallPolicy, Optional<CfnRepository> publicPypi) {
  }

  private Key encryptionKey(String logGroupName) {
    PolicyStatement administer = PolicyStatement.Builder.create()
        .sid("AccountAdministersKey")
        .principals(List.of(new AccountRootPrincipal()))
        .actions(List.of("kms:CreateAlias", "kms:CreateGrant", "kms:DescribeKey", "kms:EnableKey",
            "kms:EnableKeyRotation", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
            "kms:ListKeyRotations", "kms:ListResourceTags", "kms:ListRetirableGrants", "kms:PutKeyPolicy",
            "kms:UpdateAlias", "kms:UpdateKeyDescription", "kms:RevokeGrant", "kms:RetireGrant", "kms:DisableKey",
            "kms:DisableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:DeleteAlias",
            "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
            "kms:RotateKeyOnDemand"))
        .resources(List.of("*"))
        .build();
    // Lets IAM policies in this account grant use of the key; the roles below get exactly what they need.
    PolicyStatement useThroughIam = PolicyStatement.Builder.create()
        .sid("AccountGrantsUseThroughIam")
        .principals(List.of(new AccountRootPrincipal()))
        .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext"))
        .resources(List.of("*"))
        .build();
    // CloudWatch Logs encrypts the build log group itself, so it is named in the key policy.
    PolicyStatement logs = PolicyStatement.Builder.create()
        .sid("CloudWatchLogsEncryptsBuildLogs")
        .principals(List.of(new ServicePrincipal("logs." + getRegion() + ".amazonaws.com")))
        .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
        .resources(List.of("*"))
        .conditions(Map.of("ArnEquals", Map.of("kms:EncryptionContext:aws:logs:arn",
            formatArn(ArnComponents.builder().service("logs").resource("log-group").resourceName(logGroupName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))))
        .build();
    return Key.Builder.create(this, "Key")
        .description("Encrypts every Airlock store: artifacts, ledger, topic, logs, packages")
        .alias("alias/" + settings.name())
        .enableKeyRotation(true)
        .policy(PolicyDocument.Builder.create().statements(List.of(administer, useThroughIam, logs)).build())
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  private Bucket artifactBucket(Key key) {
    Duration retention = Duration.days(settings.artifactRetentionDays());
    return Bucket.Builder.create(this, "Artifacts")
        .encryption(BucketEncryption.KMS)
        .encryptionKey(key)
        .bucketKeyEnabled(true)
        .versioned(true)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .minimumTlsVersion(1.2)
        .lifecycleRules(List.of(LifecycleRule.builder()
            .id("expire-pipeline-artifacts")
            .expiration(retention)
            .noncurrentVersionExpiration(retention)
            .abortIncompleteMultipartUploadAfter(Duration.days(1))
            .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  private Topic notificationTopic(Key key) {
    Topic topic = Topic.Builder.create(this, "Notifications")
        .topicName(settings.name() + "-notifications")
        .displayName("Airlock")
        .masterKey(key)
        .enforceSsl(true)
        .build();
    settings.notificationEmail().ifPresent(email -> topic.addSubscription(EmailSubscription.Builder.create(email)
        .filterPolicy(settings.notificationRequester()
            .map(requester -> Map.of("requester", SubscriptionFilter.stringFilter(
                StringConditions.builder().allowlist(List.of(requester)).build())))
            .orElse(null))
        .build()));
    return topic;
  }

  private Table ledgerTable(Key key) {
    return Table.Builder.create(this, "Ledger")
        .tableName(settings.name() + "-decisions")
        .partitionKey(Attribute.builder().name(LEDGER_PARTITION_KEY).type(AttributeType.STRING).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build())
        .encryption(TableEncryption.CUSTOMER_MANAGED)
        .encryptionKey(key)
        .deletionProtection(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  private PackageStore packageStore(Key key) {
    CfnDomain domain = CfnDomain.Builder.create(this, "Domain")
        .domainName(settings.codeArtifactDomain())
        .encryptionKey(key.getKeyArn())
        .build();
    domain.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // One repository serves every format Airlock publishes: CodeArtifact repositories are polyglot, so
    // `aws codeartifact login --tool pip` and `--tool npm` point at the same repository, one read
    // permission covers both, and the origin controls below guard one place. It has no upstream and no
    // external connection: every package in it was published by the Airlock build after its scan.
    CfnRepository approved = CfnRepository.Builder.create(this, "ApprovedRepository")
        .domainName(domain.getAttrName())
        .repositoryName(settings.codeArtifactRepository())
        .description("Packages Airlock approved (pypi, npm, generic). Only the Airlock build publishes here;"
            + " notebooks read. No upstream.")
        .build();
    approved.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Origin controls: a package of a format Airlock publishes can enter the domain only by being
    // published to the approved repository, never from an upstream, so nobody can shadow an approved
    // name and nothing unscanned arrives another way.
    approvedOnly("ApprovedNamespace", domain, approved, "/generic/" + settings.codeArtifactNamespace() + "/*",
        "Airlock-approved generic packages: published by the Airlock build only");
    // This logical id once named the group that let pypi-upstream fetch into this domain; keeping it
    // updates that group in place on an existing deployment instead of clashing with it on /pypi/*.
    approvedOnly("PypiPackages", domain, approved, "/pypi/*",
        "Airlock-approved Python packages: published by the Airlock build only, never fetched from upstream");
    approvedOnly("NpmPackages", domain, approved, "/npm/*",
        "Airlock-approved npm packages: published by the Airlock build only, never fetched from upstream");
    Optional<CfnRepository> publicPypi = settings.pypiUpstream() ? Optional.of(publicPypi(key)) : Optional.empty();
    String namespace = settings.codeArtifactNamespace();
    List<String> packages = List.of("pypi/*", "npm/*", "generic/" + namespace + "/*").stream()
        .map(formatAndName -> formatArn(ArnComponents.builder()
            .service("codeartifact")
            .resource("package")
            .resourceName(domain.getAttrName() + "/" + approved.getAttrName() + "/" + formatAndName)
            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
            .build()))
        .toList();
    ManagedPolicy notebook = notebookInstallPolicy(domain, approved);
    return new PackageStore(domain, approved, packages, notebook, publicPypi);
  }

  /** A package group whose packages only the approved repository accepts, and only by direct publishing. */
  private void approvedOnly(String id, CfnDomain domain, CfnRepository approved, String pattern, String description) {
    CfnPackageGroup.Builder.create(this, id)
        .domainName(domain.getAttrName())
        .pattern(pattern)
        .description(description)
        .originConfiguration(origin(restriction("ALLOW_SPECIFIC_REPOSITORIES", approved.getAttrName()),
            restriction("BLOCK", null), restriction("BLOCK", null)))
        .build();
  }

  /**
   * Public PyPI through CodeArtifact, for notebooks without internet access. It lives in a domain of
   * its own: upstreams cannot cross domains, and package groups are per domain, so the approved
   * domain's origin controls stay "published by Airlock only" for every Python name whether or not
   * this mirror exists, and the mirror can never feed the approved repository.
   */
  private CfnRepository publicPypi(Key key) {
    CfnDomain domain = CfnDomain.Builder.create(this, "PublicDomain")
        .domainName(settings.publicCodeArtifactDomain())
        .encryptionKey(key.getKeyArn())
        .build();
    // The logical id of the repository this mirror was before it moved to its own domain.
    CfnRepository pypi = CfnRepository.Builder.create(this, "PypiRepository")
        .domainName(domain.getAttrName())
        .repositoryName(PYPI_REPOSITORY)
        .description("Public PyPI through CodeArtifact, unvetted, for notebooks without internet access")
        .externalConnections(List.of("public:pypi"))
        .build();
    // Nobody publishes into the mirror; its Python packages come from public PyPI through this repository only.
    CfnPackageGroup.Builder.create(this, "PublicPypiPackages")
        .domainName(domain.getAttrName())
        .pattern("/pypi/*")
        .description("PyPI packages: fetched from public PyPI by the upstream repository only, never published")
        .originConfiguration(origin(restriction("BLOCK", null),
            restriction("ALLOW_SPECIFIC_REPOSITORIES", pypi.getAttrName()), restriction("BLOCK", null)))
        .build();
    return pypi;
  }

  /**
   * What a notebook role needs to install approved packages with pip or npm and nothing more: a token
   * for the domain, the repository's endpoint and read access to it. Nothing here publishes. A managed
   * policy, because the roles it belongs to (SageMaker execution roles) are not this stack's.
   */
  private ManagedPolicy notebookInstallPolicy(CfnDomain domain, CfnRepository approved) {
    return ManagedPolicy.Builder.create(this, "NotebookInstallPolicy")
        .managedPolicyName(settings.name() + "-notebook-install")
        .description("Read-only pip and npm installs from the Airlock approved repository")
        .statements(List.of(
            allow("GetCodeArtifactToken", List.of("codeartifact:GetAuthorizationToken"),
                List.of(domain.getAttrArn())),
            codeArtifactBearerToken(),
            allow("InstallApprovedPackages",
                List.of("codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"),
                List.of(approved.getAttrArn()))))
        .build();
  }

  /**
   * CodeArtifact asks STS for a bearer token on the caller's behalf when it issues an authorization
   * token. The action has no resource type, so the statement is limited by condition to CodeArtifact.
   */
  private static PolicyStatement codeArtifactBearerToken() {
    return PolicyStatement.Builder.create()
        .sid("CodeArtifactBearerToken")
        .effect(Effect.ALLOW)
        .actions(List.of("sts:GetServiceBearerToken"))
        .resources(List.of("*"))
        .conditions(Map.of("StringEquals", Map.of("sts:AWSServiceName", "codeartifact.amazonaws.com")))
        .build();
  }

  private static CfnPackageGroup.OriginConfigurationProperty origin(CfnPackageGroup.RestrictionTypeProperty publish,
      CfnPackageGroup.RestrictionTypeProperty externalUpstream,
      CfnPackageGroup.RestrictionTypeProperty internalUpstream) {
    return CfnPackageGroup.OriginConfigurationProperty.builder()
        .restrictions(CfnPackageGroup.RestrictionsProperty.builder()
            .publish(publish)
            .externalUpstream(externalUpstream)
            .internalUpstream(internalUpstream)
            .build())
        .build();
  }

  private static CfnPackageGroup.RestrictionTypeProperty restriction(String mode, String repository) {
    return CfnPackageGroup.RestrictionTypeProperty.builder()
        .restrictionMode(mode)
        .repositories(repository == null ? null : List.of(repository))
        .build();
  }

  /** The build's security group: the given one, or one that allows HTTPS out and nothing in. */
  private String buildSecurityGroup(Network network) {
    return network.securityGroupId().orElseGet(() -> CfnSecurityGroup.Builder.create(this, "BuildSecurityGroup")
        .vpcId(network.vpcId())
        .groupDescription("Airlock CodeBuild: HTTPS out only, nothing in")
        .securityGroupEgress(List.of(CfnSecurityGroup.EgressProperty.builder()
            .ipProtocol("tcp").fromPort(443).toPort(443).cidrIp("0.0.0.0/0")
            .description("HTTPS to allow-listed package hosts and AWS endpoints")
            .build()))
        .build()
        .getAttrGroupId());
  }

  private List<PolicyStatement> buildStatements(Key key, Bucket artifacts, Topic topic, Table ledger,
      PackageStore store, CfnLogGroup logGroup, ReportGroup reports, Asset jar, Optional<Asset> policy,
      Optional<String> secretArn) {
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(allow("WriteBuildLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
        List.of(logGroup.getAttrArn())));
    statements.add(allow("WriteTestReports",
        List.of("codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases"),
        List.of(reports.getReportGroupArn())));
    statements.add(allow("ReadSourceArtifacts", List.of("s3:GetObject", "s3:GetObjectVersion"),
        List.of(artifacts.arnForObjects("*"))));
    statements.add(allow("LocateArtifactBucket", List.of("s3:GetBucketAcl", "s3:GetBucketLocation"),
        List.of(artifacts.getBucketArn())));
    List<String> assets = new ArrayList<>();
    assets.add(jar.getBucket().arnForObjects(jar.getS3ObjectKey()));
    policy.ifPresent(p -> assets.add(p.getBucket().arnForObjects(p.getS3ObjectKey())));
    statements.add(allow("ReadAirlockJarAndPolicy", List.of("s3:GetObject"), assets));
    statements.add(allow("UseStoreKey",
        List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
        List.of(key.getKeyArn())));
    statements.add(allow("GetCodeArtifactToken", List.of("codeartifact:GetAuthorizationToken"),
        List.of(store.domain().getAttrArn())));
    statements.add(codeArtifactBearerToken());
    statements.add(allow("ReadApprovedRepository",
        List.of("codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"),
        List.of(store.approved().getAttrArn())));
    statements.add(allow("PublishApprovedPackages",
        List.of("codeartifact:PublishPackageVersion", "codeartifact:ListPackageVersions",
            "codeartifact:ListPackageVersionAssets", "codeartifact:DescribePackageVersion"),
        store.packageArns()));
    statements.add(allow("NotifyRequesters", List.of("sns:Publish"), List.of(topic.getTopicArn())));
    statements.add(allow("RecordDecisions",
        List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
        List.of(ledger.getTableArn())));
    secretArn.ifPresent(arn -> statements.add(allow("ReadGitHubToken", List.of("secretsmanager:GetSecretValue"),
        List.of(arn))));
    if (settings.scanners().contains("inspector")) {
      statements.add(allow("ScanSbomWithInspector", List.of("inspector-scan:ScanSbom"), List.of("*")));
    }
    settings.network().ifPresent(network -> {
      statements.add(allow("ManageBuildNetworkInterfaces",
          List.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
              "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"),
          List.of("*")));
      statements.add(PolicyStatement.Builder.create()
          .sid("AttachBuildNetworkInterfaces")
          .effect(Effect.ALLOW)
          .actions(List.of("ec2:CreateNetworkInterfacePermission"))
          .resources(List.of(formatArn(ArnComponents.builder().service("ec2").resource("network-interface")
              .resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
          .conditions(Map.of(
              "StringEquals", Map.of("ec2:AuthorizedService", "codebuild.amazonaws.com"),
              "ArnEquals", Map.of("ec2:Subnet", network.subnetIds().stream()
                  .map(subnet -> formatArn(ArnComponents.builder().service("ec2").resource("subnet")
                      .resourceName(subnet).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))
                  .toList())))
          .build());
    });
    return statements;
  }

  private List<CfnProject.EnvironmentVariableProperty> environment(Topic topic, Table ledger, PackageStore store,
      Asset jar, Optional<Asset> policy, Optional<String> secretArn) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AIRLOCK_SOURCE", settings.source());
    variables.put("AIRLOCK_GITHUB_REPOSITORY", settings.githubRepository());
    variables.put("AIRLOCK_REPOSITORY", "codeartifact");
    variables.put("AIRLOCK_NOTIFIERS", "sns");
    variables.put("AIRLOCK_LEDGER", "dynamodb");
    variables.put("AIRLOCK_SCANNERS", String.join(",", settings.scanners()));
    variables.put("AIRLOCK_DATA_DIR", "airlock-data");
    variables.put("AIRLOCK_CODEARTIFACT_DOMAIN", store.domain().getAttrName());
    variables.put("AIRLOCK_CODEARTIFACT_DOMAIN_OWNER", getAccount());
    variables.put("AIRLOCK_CODEARTIFACT_REPOSITORY", store.approved().getAttrName());
    variables.put("AIRLOCK_CODEARTIFACT_NAMESPACE", settings.codeArtifactNamespace());
    variables.put("AIRLOCK_CODEARTIFACT_FORMAT", "native");
    variables.put("AIRLOCK_SNS_TOPIC_ARN", topic.getTopicArn());
    variables.put("AIRLOCK_DYNAMODB_TABLE", ledger.getTableName());
    if (!settings.allowedHosts().isEmpty()) {
      variables.put("AIRLOCK_ALLOWED_HOSTS", String.join(",", settings.allowedHosts()));
    }
    secretArn.ifPresent(arn -> variables.put("AIRLOCK_GITHUB_TOKEN_SECRET_ID", arn));
    policy.ifPresent(p -> {
      variables.put("AIRLOCK_POLICY", WORK_DIR + "/" + policyFileName());
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

  private String policyFileName() {
    String file = settings.policyFile().orElseThrow().getFileName().toString();
    int dot = file.lastIndexOf('.');
    return "policy" + (dot > 0 ? file.substring(dot) : ".yaml");
  }

  /**
   * The buildspec: fetch the jar (and policy), verify their SHA-256 against the digests taken at
   * synthesis, run Airlock on the request file. Airlock's exit code fails the build on any ERROR.
   */
  private static String buildspec(String reportGroupArn, boolean withPolicy) {
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
        + "      - java -jar " + WORK_DIR + "/airlock.jar run \"$REQUEST_FILE\" --format json\n"
        + "reports:\n"
        + "  " + reportGroupArn + ":\n"
        + "    base-directory: " + reportDir + "\n"
        + "    files:\n"
        + "      - " + report + "\n"
        + "    file-format: JUNITXML\n";
  }

  private CfnPipeline pipeline(String connectionArn, Key key, Bucket artifacts, CfnProject project) {
    Role role = Role.Builder.create(this, "PipelineRole")
        .assumedBy(servicePrincipal("codepipeline.amazonaws.com"))
        .description("Runs the Airlock pipeline: reads the request repository, starts the Airlock build")
        .inlinePolicies(Map.of("airlock-pipeline", PolicyDocument.Builder.create().statements(List.of(
            // The connection's ARN prefix decides which action name IAM checks; allow both spellings.
            allow("UseGitHubConnection", List.of("codeconnections:UseConnection",
                "codestar-connections:UseConnection"), List.of(connectionArn)),
            allow("StoreArtifacts", List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
                "s3:PutObjectAcl"), List.of(artifacts.arnForObjects("*"))),
            allow("LocateArtifactBucket", List.of("s3:GetBucketVersioning", "s3:GetBucketAcl",
                "s3:GetBucketLocation"), List.of(artifacts.getBucketArn())),
            allow("EncryptArtifacts", List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey",
                "kms:DescribeKey"), List.of(key.getKeyArn())),
            allow("RunAirlockBuild", List.of("codebuild:StartBuild", "codebuild:BatchGetBuilds",
                "codebuild:StopBuild"), List.of(project.getAttrArn()))))
            .build()))
        .build();
    CfnPipeline pipeline = CfnPipeline.Builder.create(this, "Pipeline")
        .name(settings.name())
        .pipelineType("V2")
        .executionMode("QUEUED")
        .roleArn(role.getRoleArn())
        .restartExecutionOnUpdate(false)
        .artifactStore(CfnPipeline.ArtifactStoreProperty.builder()
            .type("S3")
            .location(artifacts.getBucketName())
            .encryptionKey(CfnPipeline.EncryptionKeyProperty.builder().id(key.getKeyArn()).type("KMS").build())
            .build())
        .stages(List.of(
            CfnPipeline.StageDeclarationProperty.builder().name("Source").actions(List.of(
                CfnPipeline.ActionDeclarationProperty.builder()
                    .name(SOURCE_ACTION)
                    .actionTypeId(CfnPipeline.ActionTypeIdProperty.builder().category("Source").owner("AWS")
                        .provider("CodeStarSourceConnection").version("1").build())
                    .configuration(Map.of(
                        "ConnectionArn", connectionArn,
                        "FullRepositoryId", settings.githubRepository(),
                        "BranchName", settings.branch(),
                        "OutputArtifactFormat", "CODE_ZIP"))
                    .outputArtifacts(List.of(CfnPipeline.OutputArtifactProperty.builder()
                        .name(SOURCE_ARTIFACT).build()))
                    .build()))
                .build(),
            CfnPipeline.StageDeclarationProperty.builder().name("Vet").actions(List.of(
                CfnPipeline.ActionDeclarationProperty.builder()
                    .name("Airlock")
                    .actionTypeId(CfnPipeline.ActionTypeIdProperty.builder().category("Build").owner("AWS")
                        .provider("CodeBuild").version("1").build())
                    .configuration(Map.of("ProjectName", project.getRef()))
                    .inputArtifacts(List.of(CfnPipeline.InputArtifactProperty.builder()
                        .name(SOURCE_ARTIFACT).build()))
                    .build()))
                .build()))
        // A V2 trigger replaces change detection: only a push to the branch that touches the request file runs it.
        .triggers(List.of(CfnPipeline.PipelineTriggerDeclarationProperty.builder()
            .providerType("CodeStarSourceConnection")
            .gitConfiguration(CfnPipeline.GitConfigurationProperty.builder()
                .sourceActionName(SOURCE_ACTION)
                .push(List.of(CfnPipeline.GitPushFilterProperty.builder()
                    .branches(CfnPipeline.GitBranchFilterCriteriaProperty.builder()
                        .includes(List.of(settings.branch())).build())
                    .filePaths(CfnPipeline.GitFilePathFilterCriteriaProperty.builder()
                        .includes(List.of(settings.requestFile())).build())
                    .build()))
                .build())
            .build()))
        .build();
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("CodePipeline names its artifact objects per execution, so the role reads and writes objects"
            + " of the one artifact bucket this stack creates; every action is listed explicitly.")
        .appliesTo(List.of("Resource::<" + logicalId(artifacts) + ".Arn>/*"))
        .build()));
    return pipeline;
  }

  private void vpcEndpoints(Network network, Optional<String> buildSecurityGroup) {
    CfnSecurityGroup endpoints = CfnSecurityGroup.Builder.create(this, "EndpointSecurityGroup")
        .vpcId(network.vpcId())
        .groupDescription("CodeArtifact interface endpoints: HTTPS in from the notebook range, nothing out")
        .securityGroupIngress(List.of(CfnSecurityGroup.IngressProperty.builder()
            .ipProtocol("tcp").fromPort(443).toPort(443).cidrIp(network.endpointClientCidr().orElseThrow())
            .description("HTTPS from notebooks and builds in the VPC")
            .build()))
        // An interface endpoint never starts connections; this unreachable rule replaces the default allow-all.
        .securityGroupEgress(List.of(CfnSecurityGroup.EgressProperty.builder()
            .ipProtocol("icmp").fromPort(252).toPort(86).cidrIp("255.255.255.255/32")
            .description("Disallow all traffic")
            .build()))
        .build();
    buildSecurityGroup.ifPresent(group -> CfnSecurityGroupIngress.Builder.create(this, "EndpointFromBuild")
        .groupId(endpoints.getAttrGroupId())
        .ipProtocol("tcp").fromPort(443).toPort(443)
        .sourceSecurityGroupId(group)
        .description("HTTPS from the Airlock build")
        .build());
    CfnVPCEndpoint api = interfaceEndpoint("CodeArtifactApiEndpoint", "codeartifact.api", network,
        endpoints.getAttrGroupId());
    CfnVPCEndpoint repositories = interfaceEndpoint("CodeArtifactRepositoriesEndpoint", "codeartifact.repositories",
        network, endpoints.getAttrGroupId());
    // The repositories endpoint's private DNS name resolves through the api endpoint's.
    repositories.addResourceDependency(api);
    CfnVPCEndpoint.Builder.create(this, "S3GatewayEndpoint")
        .vpcId(network.vpcId())
        .vpcEndpointType("Gateway")
        .serviceName("com.amazonaws." + getRegion() + ".s3")
        .routeTableIds(network.routeTableIds())
        .build();
  }

  private CfnVPCEndpoint interfaceEndpoint(String id, String service, Network network, String securityGroup) {
    return CfnVPCEndpoint.Builder.create(this, id)
        .vpcId(network.vpcId())
        .vpcEndpointType("Interface")
        .serviceName("com.amazonaws." + getRegion() + "." + service)
        .subnetIds(network.subnetIds())
        .securityGroupIds(List.of(securityGroup))
        .privateDnsEnabled(true)
        .build();
  }

  /**
   * cdk-nag findings that cannot be fixed, each with the reason it is acceptable. The resource
   * patterns are matched as regular expressions so they hold whether the stack is bound to an
   * account and region or synthesised environment-agnostic.
   */
  private void suppressFindings(Role buildRole, Bucket artifacts, PackageStore store, boolean inVpc) {
    List<NagPackSuppression> build = new ArrayList<>();
    build.add(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("CodePipeline names source artifact objects per execution, so the build reads objects of the one"
            + " artifact bucket this stack creates (GetObject and GetObjectVersion only).")
        .appliesTo(List.of("Resource::<" + logicalId(artifacts) + ".Arn>/*"))
        .build());
    String packagePrefix = "package/<" + logicalId(store.domain()) + ".Name>/<" + logicalId(store.approved())
        + ".Name>/";
    build.add(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Approved package names are only known at run time; publishing and listing are limited to the"
            + " pypi and npm formats and the generic namespace of the one approved repository in the domain this"
            + " stack creates.")
        .appliesTo(List.of(arnPattern("codeartifact", packagePrefix + "pypi/*"),
            arnPattern("codeartifact", packagePrefix + "npm/*"),
            arnPattern("codeartifact", packagePrefix + "generic/" + settings.codeArtifactNamespace() + "/*")))
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
          .appliesTo(List.of(arnPattern("ec2", "network-interface/*")))
          .build());
    }
    NagSuppressions.addResourceSuppressions(buildRole, build);
    NagSuppressions.addResourceSuppressions(store.notebookInstallPolicy(), List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("Notebooks need sts:GetServiceBearerToken to log in to CodeArtifact; the action has no resource"
            + " type, so it is granted on * and limited by condition to sts:AWSServiceName codeartifact.amazonaws.com.")
        .appliesTo(List.of("Resource::*"))
        .build()));
    NagSuppressions.addResourceSuppressions(artifacts, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-S1")
        .reason("The bucket only holds short-lived pipeline artifacts (zips of the request repository). S3 can"
            + " only deliver access logs to an SSE-S3 bucket, which would be the one store outside the KMS key;"
            + " CloudTrail data events are the place to audit object access.")
        .build()));
  }

  /** A cdk-nag finding pattern for an ARN of this stack's account and region, whichever way they are written. */
  private static RegexAppliesTo arnPattern(String service, String resource) {
    return RegexAppliesTo.builder()
        .regex("/^Resource::arn:<AWS::Partition>:" + service + ":(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):"
            + regexLiteral(resource) + "$/")
        .build();
  }

  private static String regexLiteral(String text) {
    return text.replaceAll("[.*+?^${}()|\\[\\]\\\\/-]", "\\\\$0");
  }

  /** The logical id of a construct's CloudFormation resource, as cdk-nag names it in findings. */
  private String logicalId(Construct construct) {
    Object resource = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
    return getLogicalId((CfnElement) resource);
  }

  private PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
    return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources)
        .build();
  }

  /** A service principal that only acts for this account (confused-deputy guard). */
  private ServicePrincipal servicePrincipal(String service) {
    return new ServicePrincipal(service, ServicePrincipalOpts.builder()
        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
        .build());
  }

  /** The exact `aws codeartifact login` command that points a package manager at a repository of this account. */
  private String loginCommand(String tool, String domain, String repository) {
    return "aws codeartifact login --tool " + tool + " --domain " + domain + " --domain-owner " + getAccount()
        + " --repository " + repository;
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  private static String sha256(Path file) {
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

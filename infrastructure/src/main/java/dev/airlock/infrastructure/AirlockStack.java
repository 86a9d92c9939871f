package dev.airlock.infrastructure;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Everything one Airlock installation needs: the one customer-managed KMS key that encrypts every
 * store, the artifact bucket, the SNS topic and the DynamoDB ledger, and the constructs built on
 * them: the {@link PackageStore} approved packages go to, the {@link BuildNetwork} when the build
 * runs in a VPC, the {@link BuildProject} that runs the Airlock jar, the {@link RequestPipeline}
 * that starts it on pushes and the {@link ReevaluationSchedule} that re-evaluates every decision daily. Every IAM permission is written out action by action against the resources this
 * stack creates.
 */
public final class AirlockStack extends Stack {

  /** Partition key of the ledger table: the string form of a decision key (name, URL, content SHA-256). */
  public static final String LEDGER_PARTITION_KEY = "decisionKey";
  /**
   * The ledger's global secondary index re-evaluation pages through with Query (never Scan):
   * partition key {@code verdict}, sort key {@code decisionKey}, every attribute projected.
   */
  public static final String LEDGER_VERDICT_INDEX = "verdict-index";
  /** The attribute a decided item carries its verdict in; claims and history items have none. */
  public static final String LEDGER_VERDICT_ATTRIBUTE = "verdict";
  /** The ledger's time-to-live attribute (epoch seconds), which only the workers' run notes carry. */
  public static final String LEDGER_EXPIRY_ATTRIBUTE = "expiresAt";

  private final AirlockSettings settings;

  /** Builds the stack from checked settings. */
  public AirlockStack(Construct scope, String id, StackProps props, AirlockSettings settings) {
    super(scope, id, props);
    this.settings = settings;
    List<String> logGroups = new ArrayList<>(List.of(BuildProject.logGroupName(settings)));
    if (settings.pullRequestChecks()) {
      logGroups.add(PullRequestCheck.logGroupName(settings));
    }
    Key key = encryptionKey(logGroups);
    Bucket artifacts = artifactBucket(key);
    Topic topic = notificationTopic(key);
    Table ledger = ledgerTable(key);
    PackageStore store = new PackageStore(this, "PackageStore", settings, key);
    Optional<BuildNetwork> network = settings.network()
        .map(vpc -> new BuildNetwork(this, "Network", vpc));
    BuildProject build = new BuildProject(this, "BuildProject", settings,
        new BuildProject.Stores(key, artifacts, topic, ledger, store), network);
    RequestPipeline pipeline = new RequestPipeline(this, "RequestPipeline", settings, key, artifacts,
        build.project());
    ReevaluationSchedule schedule = new ReevaluationSchedule(this, "ReevaluationSchedule", build.reevaluation());
    Optional<PullRequestCheck> check = settings.pullRequestChecks()
        ? Optional.of(new PullRequestCheck(this, "PullRequestCheck", settings, key, pipeline.connectionArn(), network))
        : Optional.empty();

    output("ConnectionArn", pipeline.connectionArn(), "GitHub connection; complete its handshake in the console once");
    output("PipelineName", pipeline.pipeline().getRef(), "the pipeline that runs on pushes of the request file");
    check.ifPresent(c -> output("CheckProjectName", c.project().getRef(),
        "the CodeBuild project that checks pull requests (advice only; it cannot publish or record)"));
    output("TopicArn", topic.getTopicArn(), "subscribe requesters here with a filter on the requester attribute");
    output("CodeArtifactDomain", store.domain().getAttrName(), "CodeArtifact domain of the approved packages");
    output("CodeArtifactRepository", store.approved().getAttrName(), "repository of the approved packages");
    output("LedgerTable", ledger.getTableName(), "DynamoDB table of Airlock's decisions");
    output("ReevaluateProject", build.reevaluation().getRef(),
        "runs airlock reevaluate " + schedule.describe() + "; start it by hand after a policy change");
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

  private Key encryptionKey(List<String> logGroupNames) {
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
    // Lets IAM policies in this account grant use of the key; the build and pipeline roles get exactly what they need.
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
        .conditions(Map.of("ArnEquals", Map.of("kms:EncryptionContext:aws:logs:arn", logGroupArns(logGroupNames))))
        .build();
    return Key.Builder.create(this, "Key")
        .description("Encrypts every Airlock store: artifacts, ledger, topic, logs, packages")
        .alias("alias/" + settings.name())
        .enableKeyRotation(true)
        .policy(PolicyDocument.Builder.create().statements(List.of(administer, useThroughIam, logs)).build())
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  /** The build log groups' ARNs: one as a string (as the stack always wrote it), several as a list. */
  private Object logGroupArns(List<String> logGroupNames) {
    List<String> arns = logGroupNames.stream().map(name -> formatArn(ArnComponents.builder().service("logs")
        .resource("log-group").resourceName(name).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())).toList();
    return arns.size() == 1 ? arns.get(0) : arns;
  }

  private Bucket artifactBucket(Key key) {
    Duration retention = Duration.days(settings.artifactRetentionDays());
    Bucket bucket = Bucket.Builder.create(this, "Artifacts")
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
    NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-S1")
        .reason("The bucket only holds short-lived pipeline artifacts (zips of the request repository). S3 can"
            + " only deliver access logs to an SSE-S3 bucket, which would be the one store outside the KMS key;"
            + " CloudTrail data events are the place to audit object access.")
        .build()));
    return bucket;
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
    Table table = Table.Builder.create(this, "Ledger")
        .tableName(settings.name() + "-decisions")
        .partitionKey(Attribute.builder().name(LEDGER_PARTITION_KEY).type(AttributeType.STRING).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build())
        .encryption(TableEncryption.CUSTOMER_MANAGED)
        .encryptionKey(key)
        .deletionProtection(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        // Only the notes workers leave on a run's rows carry it; decisions, claims and history never expire.
        .timeToLiveAttribute(LEDGER_EXPIRY_ATTRIBUTE)
        .build();
    // Sparse: only decided items carry a verdict, so claims and history stay out of it.
    table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
        .indexName(LEDGER_VERDICT_INDEX)
        .partitionKey(Attribute.builder().name(LEDGER_VERDICT_ATTRIBUTE).type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name(LEDGER_PARTITION_KEY).type(AttributeType.STRING).build())
        .projectionType(ProjectionType.ALL)
        .build());
    return table;
  }

  /** The exact `aws codeartifact login` command that points a package manager at a repository of this account. */
  private String loginCommand(String tool, String domain, String repository) {
    return "aws codeartifact login --tool " + tool + " --domain " + domain + " --domain-owner " + getAccount()
        + " --repository " + repository;
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }
}

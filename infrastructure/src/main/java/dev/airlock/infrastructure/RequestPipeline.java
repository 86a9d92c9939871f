package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.Policies.allow;

import dev.airlock.configuration.Catalogue;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codeconnections.CfnConnection;
import software.amazon.awscdk.services.codepipeline.CfnPipeline;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The GitHub connection and the V2 pipeline that run the Airlock build on every push to the
 * configured branch that changes the request file, and nothing else.
 */
final class RequestPipeline extends Construct {

  /** The name of the pipeline's source action, which its trigger names. */
  static final String SOURCE_ACTION = "RequestRepository";

  private static final String SOURCE_ARTIFACT = "RequestFiles";

  private final String connectionArn;
  private final CfnPipeline pipeline;

  RequestPipeline(Construct scope, String id, AirlockSettings settings, Key key, Bucket artifacts,
      CfnProject project) {
    super(scope, id);
    connectionArn = settings.connectionArn().orElseGet(() -> LogicalIds.topLevel(
        CfnConnection.Builder.create(this, "GitHub")
            .connectionName(settings.name() + "-github")
            .providerType("GitHub")
            .build())
        .getAttrConnectionArn());
    Role role = LogicalIds.keep(Role.Builder.create(this, "PipelineRole")
        .assumedBy(Policies.servicePrincipal(this, "codepipeline.amazonaws.com"))
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
            settings.workers() > 1
                ? allow("RunAirlockBatch", List.of("codebuild:StartBuildBatch", "codebuild:BatchGetBuildBatches",
                    "codebuild:StopBuildBatch"), List.of(project.getAttrArn()))
                : allow("RunAirlockBuild", List.of("codebuild:StartBuild", "codebuild:BatchGetBuilds",
                    "codebuild:StopBuild"), List.of(project.getAttrArn()))))
            .build()))
        .build(), "PipelineRoleDCFDBB91");
    pipeline = LogicalIds.topLevel(CfnPipeline.Builder.create(this, "Pipeline")
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
                    .configuration(buildConfiguration(settings, project))
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
        .build());
    NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason("CodePipeline names its artifact objects per execution, so the role reads and writes objects"
            + " of the one artifact bucket this stack creates; every action is listed explicitly.")
        .appliesTo(List.of("Resource::<" + LogicalIds.of(artifacts) + ".Arn>/*"))
        .build()));
  }

  /**
   * The build action's configuration: one build; or, with workers, a batch build whose builds all get
   * the pipeline's execution id as {@code AIRLOCK_RUN_ID}, the run id its workers and assembly share.
   */
  static Map<String, Object> buildConfiguration(AirlockSettings settings, CfnProject project) {
    if (settings.workers() == 1) {
      return Map.of("ProjectName", project.getRef());
    }
    return Map.of(
        "ProjectName", project.getRef(),
        "BatchEnabled", "true",
        "CombineArtifacts", "false",
        "EnvironmentVariables", "[{\"name\":\"" + Catalogue.RUN_ID.variable() + "\",\"value\":\""
            + RUN_ID_VARIABLE + "\",\"type\":\"PLAINTEXT\"}]");
  }

  /** CodePipeline's variable for the id of the current execution: one run, shared by every build of its batch. */
  static final String RUN_ID_VARIABLE = "#{codepipeline.PipelineExecutionId}";

  /** The connection the source action reads the request repository through. */
  String connectionArn() {
    return connectionArn;
  }

  /** The pipeline. */
  CfnPipeline pipeline() {
    return pipeline;
  }
}

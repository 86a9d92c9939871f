package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.TemplateJson.at;
import static dev.airlock.infrastructure.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The stack with nothing but the request repository and an existing connection, synthesised once
 * without an account or region, the way `cdk synth` runs without credentials.
 */
@DisplayName("Airlock stack on defaults, environment-agnostic, with an existing connection")
class AirlockStackDefaultsTest {

  private static final String CONNECTION_ARN =
      "arn:aws:codestar-connections:eu-west-1:123456789012:connection/12345678-abcd-4abc-8abc-123456789012";

  private static SynthesizedStack synth;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    synth = SynthesizedStack.synthesize(Map.of("connectionArn", CONNECTION_ARN), null);
    json = synth.json();
  }

  @AfterAll
  static void cleanUp() {
    synth.delete();
  }

  private static Map<String, Object> project() {
    return json.ofType("AWS::CodeBuild::Project").get("Build");
  }

  @Test
  void shouldUseTheGivenConnectionAndCreateNone() {
    Map<String, Object> pipeline = json.single("AWS::CodePipeline::Pipeline").getValue();
    String pipelineRole = IamAssertions.roleOf(pipeline.get("RoleArn"));

    List<TemplateJson.Statement> useConnection = IamAssertions.allowing(json.roleStatements(pipelineRole),
        "codestar-connections:UseConnection");

    synth.template().resourceCountIs("AWS::CodeConnections::Connection", 0);
    assertThat(at(pipeline, "Stages", 0, "Actions", 0, "Configuration", "ConnectionArn")).isEqualTo(CONNECTION_ARN);
    assertThat(useConnection).singleElement()
        .satisfies(statement -> assertThat(statement.renderedResources()).containsExactly(CONNECTION_ARN));
  }

  @Test
  void shouldTriggerOnPushesOfTheGuidanceRequestFileToMain() {
    synth.template().hasResourceProperties("AWS::CodePipeline::Pipeline", Match.objectLike(Map.of(
        "PipelineType", "V2",
        "Triggers", List.of(Match.objectLike(Map.of(
            "GitConfiguration", Match.objectLike(Map.of(
                "Push", List.of(Map.of(
                    "Branches", Map.of("Includes", List.of("main")),
                    "FilePaths", Map.of("Includes", List.of("external-package-request.csv"))))))))))));
  }

  @Test
  void shouldRunOneBuildNotABatchWhenNoWorkersAreSet() {
    Map<String, Object> pipeline = json.single("AWS::CodePipeline::Pipeline").getValue();

    assertThat(project()).doesNotContainKey("BuildBatchConfig");
    assertThat(render(at(project(), "Source", "BuildSpec"))).doesNotContain("batch:");
    assertThat(TemplateJson.asMap(at(pipeline, "Stages", 1, "Actions", 0, "Configuration")))
        .doesNotContainKeys("BatchEnabled", "EnvironmentVariables");
  }

  @Test
  void shouldLeaveEveryOptionalResourceOut() {
    for (String type : List.of("AWS::EC2::VPCEndpoint", "AWS::EC2::SecurityGroup", "AWS::SNS::Subscription")) {
      synth.template().resourceCountIs(type, 0);
    }
    synth.template().resourceCountIs("AWS::CodeArtifact::Domain", 1);
    synth.template().resourceCountIs("AWS::CodeArtifact::Repository", 1);
    synth.template().resourceCountIs("AWS::CodeArtifact::PackageGroup", 3);
    assertThat(json.single("AWS::CodeArtifact::Repository").getValue())
        .doesNotContainKeys("ExternalConnections", "Upstreams");
    assertThat(json.outputs()).doesNotContainKey("PublicPypiLoginCommand");
    assertThat(project()).doesNotContainKey("VpcConfig");
    assertThat(TemplateJson.buildEnvironment(project()))
        .containsEntry("AIRLOCK_SCANNERS", "builtin")
        .containsEntry("AIRLOCK_SOURCE", "file")
        .doesNotContainKeys("AIRLOCK_POLICY", "AIRLOCK_GITHUB_TOKEN_SECRET_ID", "AIRLOCK_ALLOWED_HOSTS");
    assertThat(render(at(project(), "Source", "BuildSpec"))).doesNotContain("POLICY");
  }

  @Test
  void shouldScopeEveryPermissionToAResourceWhenNoOptionNeedsOtherwise() {
    List<TemplateJson.Statement> permissions = Stream.concat(
            json.ofType("AWS::IAM::Role").keySet().stream().flatMap(role -> json.roleStatements(role).stream()),
            json.managedPolicyStatements(json.single("AWS::IAM::ManagedPolicy").getKey()).stream())
        .toList();

    // Only the CodeArtifact bearer token, whose action has no resource type, is granted on *, and only
    // under the condition that limits it to CodeArtifact.
    assertThat(permissions).hasSizeGreaterThan(10).allSatisfy(statement -> {
      assertThat(statement.renderedResources()).isNotEmpty();
      if (statement.renderedResources().contains("*")) {
        assertThat(statement.renderedResources()).containsExactly("*");
        assertThat(statement.actions()).containsExactly("sts:GetServiceBearerToken");
        assertThat(statement.body().get("Condition")).isEqualTo(IamAssertions.CODEARTIFACT_BEARER_TOKEN_CONDITION);
      }
      assertThat(statement.actions()).noneMatch(action ->
          action.startsWith("ec2:") || action.startsWith("secretsmanager:") || action.startsWith("inspector"));
    });
  }

  @Test
  void shouldOutputLoginCommandsForWhicheverAccountTheStackIsDeployedTo() {
    String domain = "${" + json.single("AWS::CodeArtifact::Domain").getKey() + ".Name}";
    String repository = "${" + json.single("AWS::CodeArtifact::Repository").getKey() + ".Name}";

    assertThat(json.outputs()).contains(
        entry("PipLoginCommand", "aws codeartifact login --tool pip --domain " + domain
            + " --domain-owner ${Ref:AWS::AccountId} --repository " + repository),
        entry("NpmLoginCommand", "aws codeartifact login --tool npm --domain " + domain
            + " --domain-owner ${Ref:AWS::AccountId} --repository " + repository));
  }

  @Test
  void shouldAllowNoWildcardActionInAnyPolicy() {
    IamAssertions.assertNoWildcardActions(json);
  }

  @Test
  void shouldPassCdkNagWithoutAnAccountOrRegion() {
    assertThat(synth.nagErrors()).isEmpty();
    assertThat(synth.nagWarnings()).isEmpty();
    assertThat(synth.nagReport()).as("cdk-nag report rows").isNotEmpty()
        .allSatisfy(row -> assertThat(row.get(2)).isIn("Compliant", "Suppressed"));
  }
}

package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.TemplateJson.at;
import static dev.airlock.infrastructure.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stack with pull request checks on, a policy kept in the request repository, Inspector scanning
 * and a VPC, synthesised once for the class: the second CodeBuild project runs {@code airlock check} on
 * pull request events, and its role can neither publish nor record.
 */
@DisplayName("Airlock stack with pull request checks")
class PullRequestCheckStackTest {

  private static final String BRANCH = "release";
  private static final String REQUEST_FILE = "requests/packages.csv";
  private static final String POLICY_PATH = "requests/airlock-policy.yaml";
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airlock/github-token-AbCdEf";

  private static SynthesizedStack synth;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("branch", BRANCH);
    context.put("requestFile", REQUEST_FILE);
    context.put("policyPath", POLICY_PATH);
    context.put("pullRequestChecks", "true");
    context.put("githubTokenSecretArn", SECRET_ARN);
    context.put("scanners", "builtin,inspector");
    context.put("vpcId", "vpc-0123456789abcdef0");
    context.put("subnetIds", "subnet-0123456789abcdef0,subnet-0123456789abcdef1");
    synth = SynthesizedStack.synthesize(context);
    json = synth.json();
  }

  @AfterAll
  static void cleanUp() {
    synth.delete();
  }

  private static Map<String, Object> projectNamed(String name) {
    return json.ofType("AWS::CodeBuild::Project").values().stream()
        .filter(project -> name.equals(project.get("Name")))
        .findFirst().orElseThrow(() -> new AssertionError("no CodeBuild project named " + name));
  }

  private static Map<String, Object> checkProject() {
    return projectNamed("airlock-check");
  }

  private static Map<String, Object> runProject() {
    return projectNamed("airlock");
  }

  private static List<String> actionsOf(String role) {
    return json.roleStatements(role).stream().flatMap(statement -> statement.actions().stream()).toList();
  }

  @Test
  void shouldStartTheCheckOnPullRequestEventsThatTouchTheRequestOrPolicyFile() {
    Map<String, Object> project = checkProject();

    assertThat(at(project, "Triggers", "Webhook")).isEqualTo(true);
    assertThat(at(project, "Triggers", "FilterGroups")).isEqualTo(List.of(List.of(
        Map.of("Type", "EVENT", "Pattern", "PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED"),
        Map.of("Type", "BASE_REF", "Pattern", "^refs/heads/\\Qrelease\\E$"),
        Map.of("Type", "FILE_PATH", "Pattern", "^(requests/packages\\.csv|requests/airlock-policy\\.yaml)$"))));
    assertThat(at(project, "Triggers", "PullRequestBuildPolicy", "RequiresCommentApproval"))
        .isEqualTo("FORK_PULL_REQUESTS");
    assertThat(at(project, "Source", "Type")).isEqualTo("GITHUB");
    assertThat(at(project, "Source", "Location")).isEqualTo("https://github.com/"
        + SynthesizedStack.GITHUB_REPOSITORY + ".git");
    assertThat(at(project, "Source", "Auth", "Type")).isEqualTo("CODECONNECTIONS");
    assertThat(render(at(project, "Source", "Auth", "Resource"))).isEqualTo("${GitHub.ConnectionArn}");
  }

  @Test
  void shouldRunTheCheckCommandFromTheProjectsOwnBuildspec() {
    String buildspec = render(at(checkProject(), "Source", "BuildSpec"));

    assertThat(buildspec).contains("java -jar /tmp/airlock/airlock.jar check \"$REQUEST_FILE\" --format json",
        "sha256sum --check --strict").doesNotContain("airlock.jar run");
    assertThat(render(at(runProject(), "Source", "BuildSpec"))).contains("airlock.jar run \"$REQUEST_FILE\"");
  }

  @Test
  void shouldGiveTheCheckRoleNoPermissionToPublishNotifyOrRecord() {
    String checkRole = IamAssertions.roleOf(checkProject().get("ServiceRole"));
    String runRole = IamAssertions.roleOf(runProject().get("ServiceRole"));
    String ledger = "${" + json.single("AWS::DynamoDB::Table").getKey() + ".Arn}";

    assertThat(checkRole).isNotEqualTo(runRole);
    assertThat(actionsOf(checkRole)).hasSizeGreaterThan(5)
        .noneMatch(action -> action.startsWith("codeartifact:") || action.startsWith("dynamodb:")
            || action.startsWith("sns:") || action.startsWith("sts:"));
    assertThat(json.roleStatements(checkRole)).allSatisfy(statement ->
        assertThat(statement.renderedResources()).doesNotContain(ledger));
    // nothing else grants it more: no managed policy, no separate policy resource
    assertThat(json.ofType("AWS::IAM::Role").get(checkRole)).doesNotContainKey("ManagedPolicyArns");
    synth.template().resourceCountIs("AWS::IAM::Policy", 0);
    assertThat(json.ofType("AWS::IAM::ManagedPolicy").values())
        .allSatisfy(policy -> assertThat(render(policy)).doesNotContain(checkRole));
    // while the run's role is the one that publishes and records
    assertThat(actionsOf(runRole)).contains("codeartifact:PublishPackageVersion", "dynamodb:PutItem");
  }

  @Test
  void shouldGiveTheCheckOnlyWhatItReads() {
    String checkRole = IamAssertions.roleOf(checkProject().get("ServiceRole"));

    assertThat(IamAssertions.allowing(json.roleStatements(checkRole), "secretsmanager:GetSecretValue"))
        .singleElement().satisfies(s -> assertThat(s.renderedResources()).containsExactly(SECRET_ARN));
    assertThat(IamAssertions.allowing(json.roleStatements(checkRole), "codeconnections:GetConnectionToken"))
        .singleElement().satisfies(s -> assertThat(s.renderedResources()).containsExactly("${GitHub.ConnectionArn}"));
    assertThat(IamAssertions.allowing(json.roleStatements(checkRole), "logs:PutLogEvents"))
        .singleElement().satisfies(s -> assertThat(s.renderedResources()).singleElement().asString()
            .contains("CheckLogs"));
  }

  @Test
  void shouldConfigureTheCheckWithoutAnyStoreAndTheRunWithThePolicyInTheRepository() {
    Map<String, String> check = TemplateJson.buildEnvironment(checkProject());
    Map<String, String> run = TemplateJson.buildEnvironment(runProject());

    assertThat(check).containsEntry("AIRLOCK_SOURCE", "github")
        .containsEntry("AIRLOCK_NOTIFIERS", "github")
        .containsEntry("AIRLOCK_POLICY_PATH", POLICY_PATH)
        .containsEntry("AIRLOCK_GITHUB_TOKEN_SECRET_ID", SECRET_ARN)
        .containsEntry("REQUEST_FILE", REQUEST_FILE)
        .doesNotContainKeys("AIRLOCK_POLICY", "AIRLOCK_REPOSITORY", "AIRLOCK_LEDGER", "AIRLOCK_DYNAMODB_TABLE",
            "AIRLOCK_SNS_TOPIC_ARN", "AIRLOCK_CODEARTIFACT_DOMAIN", "AIRLOCK_CODEARTIFACT_REPOSITORY");
    assertThat(run).containsEntry("AIRLOCK_POLICY", POLICY_PATH).doesNotContainKey("POLICY_S3_URL");
  }

  @Test
  void shouldLetCloudWatchLogsEncryptBothBuildLogGroupsAndNoOther() {
    String keyId = json.single("AWS::KMS::Key").getKey();

    List<TemplateJson.Statement> logs = json.statements().stream()
        .filter(statement -> statement.resourceId().equals(keyId))
        .filter(statement -> String.valueOf(statement.body().get("Principal")).contains("logs."))
        .toList();

    assertThat(logs).singleElement().satisfies(statement -> assertThat(
        (List<?>) at(statement.body(), "Condition", "ArnEquals", "kms:EncryptionContext:aws:logs:arn"))
        .extracting(TemplateJson::render)
        .satisfiesExactly(
            arn -> assertThat(arn).endsWith(":log-group:/aws/codebuild/airlock"),
            arn -> assertThat(arn).endsWith(":log-group:/aws/codebuild/airlock-check")));
    assertThat(json.ofType("AWS::Logs::LogGroup").values()).extracting(g -> g.get("LogGroupName"))
        .containsExactlyInAnyOrder("/aws/codebuild/airlock", "/aws/codebuild/airlock-check");
  }

  @Test
  void shouldRunTheCheckInTheSameVpcAsTheRun() {
    assertThat(at(checkProject(), "VpcConfig")).isEqualTo(at(runProject(), "VpcConfig"));
    assertThat(json.outputs()).containsKey("CheckProjectName");
  }

  @Test
  void shouldAllowNoWildcardActionInAnyPolicy() {
    IamAssertions.assertNoWildcardActions(json);
  }

  @Test
  void shouldPassCdkNag() {
    assertThat(synth.nagErrors()).isEmpty();
    assertThat(synth.nagWarnings()).isEmpty();
    assertThat(synth.nagReport()).as("cdk-nag report rows").isNotEmpty()
        .allSatisfy(row -> assertThat(row.get(2)).isIn("Compliant", "Suppressed"));
    assertThat(Stream.of("AwsSolutions-CB4", "AwsSolutions-CB5"))
        .allSatisfy(rule -> assertThat(synth.nagReport()).anySatisfy(row -> {
          assertThat(row.get(0)).isEqualTo(rule);
          assertThat(row.get(1)).contains("PullRequestCheck");
          assertThat(row.get(2)).isEqualTo("Compliant");
        }));
  }
}

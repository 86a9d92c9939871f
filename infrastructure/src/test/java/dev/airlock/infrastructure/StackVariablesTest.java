package dev.airlock.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.configuration.Catalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack sets only variables the CLI reads: every {@code AIRLOCK_*} variable of every CodeBuild
 * project, read from the synthesised template (whatever construct sets it), is in the configuration
 * catalogue the CLI builds its options from. A misspelt or retired variable fails here, not in CodeBuild.
 */
@DisplayName("variables the stack sets for the CLI")
class StackVariablesTest {
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:airlock/github-token-AbCdEf";

  @TempDir
  static Path dir;

  private static final List<SynthesizedStack> STACKS = new ArrayList<>();

  @BeforeAll
  static void synthesize() throws IOException {
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "threshold: HIGH\n");
    Map<String, Object> everyAwsOption = new LinkedHashMap<>();
    everyAwsOption.put("policyFile", policy.toString());
    everyAwsOption.put("scanners", "builtin,sarif,inspector");
    everyAwsOption.put("allowedHosts", "files.pythonhosted.org,pypi.org");
    everyAwsOption.put("githubTokenSecretArn", SECRET_ARN);
    everyAwsOption.put("source", "github");
    STACKS.add(SynthesizedStack.synthesize(everyAwsOption));
    Map<String, Object> pullRequestChecks = new LinkedHashMap<>();
    pullRequestChecks.put("policyPath", "requests/airlock-policy.yaml");
    pullRequestChecks.put("pullRequestChecks", "true");
    pullRequestChecks.put("githubTokenSecretArn", SECRET_ARN);
    pullRequestChecks.put("allowedHosts", "files.pythonhosted.org");
    STACKS.add(SynthesizedStack.synthesize(pullRequestChecks));
  }

  @AfterAll
  static void cleanUp() {
    STACKS.forEach(SynthesizedStack::delete);
  }

  @Test
  void shouldSetOnlyVariablesTheCliReadsWhenConfiguringEveryBuildProject() {
    List<String> set = new ArrayList<>();
    for (SynthesizedStack stack : STACKS) {
      stack.json().ofType("AWS::CodeBuild::Project").forEach((id, project) ->
          TemplateJson.buildEnvironment(project).keySet().stream().filter(name -> name.startsWith("AIRLOCK_"))
              .forEach(name -> set.add(id + ": " + name)));
    }

    assertThat(set).as("the stacks configure the CLI at all").hasSizeGreaterThan(20);
    assertThat(set).allSatisfy(entry -> assertThat(Catalogue.byVariable(entry.substring(entry.indexOf(": ") + 2)))
        .as("%s is read by the CLI (configuration/.../Catalogue.java)", entry).isPresent());
  }

  @Test
  void shouldGiveEveryChoiceSettingAValueTheCliAcceptsWhenConfiguringEveryBuildProject() {
    List<String> checked = new ArrayList<>();
    for (SynthesizedStack stack : STACKS) {
      stack.json().ofType("AWS::CodeBuild::Project").forEach((id, project) ->
          TemplateJson.buildEnvironment(project).forEach((name, value) -> Catalogue.byVariable(name)
              .filter(setting -> !setting.choices().isEmpty())
              .ifPresent(setting -> {
                for (String part : value.split(",")) {
                  assertThat(setting.choices()).as("%s: %s=%s", id, name, value).contains(part.strip());
                }
                checked.add(name);
              })));
    }

    assertThat(checked).contains(Catalogue.REPOSITORY.variable(), Catalogue.LEDGER.variable(),
        Catalogue.SCANNERS.variable(), Catalogue.NOTIFIERS.variable(), Catalogue.CODEARTIFACT_FORMAT.variable());
  }

  @Test
  void shouldSetTheVariablesOfEveryTopicTheRunNeedsWhenDeployedOnAws() {
    Map<String, String> run = new LinkedHashMap<>();
    STACKS.get(0).json().ofType("AWS::CodeBuild::Project").values().stream()
        .map(TemplateJson::buildEnvironment).filter(env -> env.containsKey("REQUEST_FILE"))
        .findFirst().ifPresent(run::putAll);

    assertThat(run).containsKeys(Stream.of(Catalogue.REPOSITORY, Catalogue.NOTIFIERS, Catalogue.LEDGER,
        Catalogue.CODEARTIFACT_DOMAIN, Catalogue.SNS_TOPIC_ARN, Catalogue.DYNAMODB_TABLE)
        .map(s -> s.variable()).toArray(String[]::new));
    assertThat(run).containsEntry(Catalogue.REPOSITORY.variable(), "codeartifact")
        .containsEntry(Catalogue.LEDGER.variable(), "dynamodb");
  }
}

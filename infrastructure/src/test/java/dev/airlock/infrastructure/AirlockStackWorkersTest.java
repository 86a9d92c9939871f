package dev.airlock.infrastructure;

import static dev.airlock.infrastructure.TemplateJson.at;
import static dev.airlock.infrastructure.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stack with {@code workers=4}: the pipeline starts one CodeBuild batch per push, four worker builds
 * sharing the ledger and then one build that assembles the run, all with the pipeline's execution id
 * as their shared run id; cdk-nag passes as for every synthesis.
 */
@DisplayName("Airlock stack with a run spread over four workers")
class AirlockStackWorkersTest {
  private static final int WORKERS = 4;

  private static SynthesizedStack synth;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    synth = SynthesizedStack.synthesize(Map.of("workers", String.valueOf(WORKERS)));
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
  void shouldRunOneBuildPerWorkerThenTheAssemblyAfterAllOfThemWhenTheProjectRunsABatch() {
    // When
    String buildspec = render(at(project(), "Source", "BuildSpec"));
    List<String[]> graph = buildGraph(buildspec);

    // Then: worker_1..worker_4 each with its share, then assemble depending on every worker
    assertThat(buildspec).contains("batch:\n  fast-fail: false\n  build-graph:\n");
    assertThat(graph).extracting(entry -> entry[0])
        .containsExactly("worker_1", "worker_2", "worker_3", "worker_4", "assemble");
    for (int i = 1; i <= WORKERS; i++) {
      assertThat(graph.get(i - 1)[1]).isEqualTo("AIRLOCK_WORKER: \"" + i + "/" + WORKERS + "\"");
      assertThat(graph.get(i - 1)[2]).as("a worker depends on nothing").isEmpty();
    }
    assertThat(graph.get(WORKERS)[1]).isEqualTo("AIRLOCK_ASSEMBLE: \"" + WORKERS + "\"");
    assertThat(graph.get(WORKERS)[2]).isEqualTo("worker_1,worker_2,worker_3,worker_4");
    // ... no build's failure is ignored: a worker that fails fails the batch and nothing is assembled
    assertThat(buildspec).doesNotContain("ignore-failure");
    // ... and every build runs the same command
    assertThat(buildspec).contains("java -jar /tmp/airlock/airlock.jar run \"$REQUEST_FILE\" --format json");
  }

  @Test
  void shouldLetTheBatchStartOnlyTheWorkersAndTheAssemblyOfThisProjectWhenBatchesAreOn() {
    // When
    Object config = at(project(), "BuildBatchConfig");
    String batchRole = IamAssertions.roleOf(at(config, "ServiceRole"));
    List<TemplateJson.Statement> statements = json.roleStatements(batchRole);

    // Then
    assertThat(at(config, "Restrictions", "MaximumBuildsAllowed")).isEqualTo(WORKERS + 1);
    assertThat(at(config, "Restrictions", "ComputeTypesAllowed")).isEqualTo(List.of("BUILD_GENERAL1_SMALL"));
    assertThat(at(config, "CombineArtifacts")).isEqualTo(false);
    assertThat(statements).singleElement().satisfies(statement -> {
      assertThat(statement.actions())
          .containsExactlyInAnyOrder("codebuild:StartBuild", "codebuild:StopBuild", "codebuild:RetryBuild");
      assertThat(statement.renderedResources()).singleElement().asString()
          .endsWith(":codebuild:" + SynthesizedStack.REGION + ":" + SynthesizedStack.ACCOUNT + ":project/airlock");
    });
  }

  @Test
  void shouldStartABatchGivingEveryBuildThePipelineExecutionAsItsRunIdWhenThePipelineRuns() throws Exception {
    // When
    Map<String, Object> pipeline = json.single("AWS::CodePipeline::Pipeline").getValue();
    Object configuration = at(pipeline, "Stages", 1, "Actions", 0, "Configuration");
    JsonNode variables = new ObjectMapper().readTree((String) at(configuration, "EnvironmentVariables"));
    String pipelineRole = IamAssertions.roleOf(pipeline.get("RoleArn"));

    // Then
    assertThat(at(configuration, "BatchEnabled")).isEqualTo("true");
    assertThat(variables).hasSize(1);
    assertThat(variables.get(0).path("name").asText()).isEqualTo("AIRLOCK_RUN_ID");
    assertThat(variables.get(0).path("value").asText()).isEqualTo("#{codepipeline.PipelineExecutionId}");
    assertThat(IamAssertions.allowing(json.roleStatements(pipelineRole), "codebuild:StartBuildBatch"))
        .singleElement().satisfies(s -> assertThat(s.actions()).containsExactlyInAnyOrder(
            "codebuild:StartBuildBatch", "codebuild:BatchGetBuildBatches", "codebuild:StopBuildBatch"));
    assertThat(IamAssertions.allowing(json.roleStatements(pipelineRole), "codebuild:StartBuild")).isEmpty();
  }

  @Test
  void shouldLetTheWorkersRunNotesExpireAndNothingElseWhenTheLedgerIsCreated() {
    Map<String, Object> table = json.single("AWS::DynamoDB::Table").getValue();
    assertThat(render(at(table, "TimeToLiveSpecification", "AttributeName"))).isEqualTo("expiresAt");
    assertThat(at(table, "TimeToLiveSpecification", "Enabled")).isEqualTo(true);
  }

  /** Each build-graph entry: identifier, its one variable ({@code NAME: "value"}), its depend-on list joined. */
  private static List<String[]> buildGraph(String buildspec) {
    String graph = buildspec.substring(buildspec.indexOf("  build-graph:\n"));
    List<String[]> entries = new ArrayList<>();
    Matcher entry = Pattern.compile("    - identifier: (\\S+)\n((?:      .*\n)*)").matcher(graph);
    while (entry.find()) {
      String body = entry.group(2);
      Matcher variable = Pattern.compile("        variables:\n          (.*)\n").matcher(body);
      List<String> depends = new ArrayList<>();
      Matcher dependency = Pattern.compile("        - (\\S+)\n").matcher(body);
      while (dependency.find()) {
        depends.add(dependency.group(1));
      }
      entries.add(new String[] {entry.group(1), variable.find() ? variable.group(1) : "", String.join(",", depends)});
    }
    return entries;
  }
}

package dev.airlock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import dev.airlock.bootstrap.AirlockCli.Result;
import dev.airlock.bootstrap.config.PolicyFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file through {@code airlock policy check}: every mistake where it is, and the shipped schema. */
class PolicyFileCliTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private final Map<String, String> env = new HashMap<>();

  private Result airlock(String... args) {
    return AirlockCli.run(env, CLOCK, args);
  }

  private static List<String> schemaErrors(JsonNode document) throws Exception {
    try (InputStream schema = PolicyFiles.class.getResourceAsStream(PolicyFiles.SCHEMA_RESOURCE)) {
      assertThat(schema).as("the schema is shipped on the classpath").isNotNull();
      return JsonSchemaFactory.getInstance(VersionFlag.V202012).getSchema(schema).validate(document).stream()
          .map(Object::toString).toList();
    }
  }

  @Nested
  @DisplayName("mistakes")
  class Mistakes {

    @Test
    void shouldReportEveryMistakeAtItsLineAndColumnWhenAFileHasSeveral() throws Exception {
      // Given
      Path policy = Files.writeString(work.resolve("policy.yaml"), """
          treshold: HIGH
          waivers:
            - package: requests
              rule: 42
              justification: test key
              expiry: 2027-03-31
            - just a text
            - package: ""
              rule: AIRLOCK-PRIVATE-KEY
              justification: fixture
              expires: 2027-31-03
          waivers: []
          """);

      // When
      Result result = airlock("policy", "check", policy.toString());

      // Then
      assertThat(result.code()).isEqualTo(2);
      String at = "policy file " + policy + ", ";
      assertThat(result.err().lines().toList()).containsExactly(
          "airlock: policy file " + policy + " has 7 mistakes:",
          "  " + at + "line 1, column 1: unknown key 'treshold'; did you mean threshold? (valid keys: threshold,"
              + " waivers)",
          "  " + at + "line 4, column 11: waiver 1: rule must be a text, found the number 42",
          "  " + at + "line 6, column 5: unknown key 'expiry' in waiver 1; did you mean expires? (valid keys in a"
              + " waiver: package, rule, justification, expires)",
          "  " + at + "line 7, column 5: waiver 2 must be a mapping of package, rule, justification, expires; found"
              + " the text 'just a text'",
          "  " + at + "line 8, column 14: waiver 3: package is empty",
          "  " + at + "line 11, column 14: waiver 3: expires '2027-31-03' is not a date; write it as YYYY-MM-DD,"
              + " e.g. 2027-03-31",
          "  " + at + "line 12, column 1: 'waivers' is given twice (first at line 2); give it once");
      assertThat(result.err()).doesNotContain("java.").doesNotContain("Jackson").doesNotContain("Exception");
    }

    @Test
    void shouldListTheMistakesInJsonWhenAskedFor() throws Exception {
      // Given
      Path policy = Files.writeString(work.resolve("policy.json"), """
          {
            "threshold": "SEVERE",
            "waivers": {"package": "requests"}
          }
          """);

      // When
      Result result = airlock("policy", "check", policy.toString(), "--format", "json");

      // Then
      assertThat(result.code()).isEqualTo(2);
      JsonNode doc = JSON.readTree(result.out());
      assertThat(doc.path("valid").asBoolean(true)).isFalse();
      assertThat(doc.path("mistakes")).extracting(m -> m.path("line").asInt() + ":" + m.path("column").asInt())
          .containsExactly("2:16", "3:14");
      assertThat(doc.path("mistakes").get(1).path("message").asText())
          .isEqualTo("waivers must be a list (each item on a line starting with '- '), found a mapping of keys to values");
    }

    @Test
    void shouldStopAtTheFirstSyntaxErrorWhenTheFileIsNotYaml() throws Exception {
      // Given
      Path policy = Files.writeString(work.resolve("policy.yaml"), "threshold: HIGH\nwaivers: [a, b\n");

      // When
      Result result = airlock("policy", "check", policy.toString());

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().strip()).isEqualTo("airlock: policy file " + policy + ", line 3, column 1: not valid YAML"
          + " or JSON: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    }
  }

  @Nested
  @DisplayName("the shipped schema")
  class Schema {

    @Test
    void shouldDescribeTheExamplePolicyWhichTheCheckAccepts() throws Exception {
      // Given
      Path example = EXAMPLES.resolve("airlock-policy.yaml");

      // When
      Result result = airlock("policy", "check", example.toString());
      List<String> errors = schemaErrors(new YAMLMapper().readTree(example.toFile()));

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(errors).isEmpty();
    }

    @Test
    void shouldRejectWhatTheCheckRejectsWhenAKeyIsMisspelt() throws Exception {
      // Given
      String text = """
          threshold: HIGH
          waivers:
            - package: requests
              rule: AIRLOCK-PRIVATE-KEY
              justification: fixture
              expiry: 2027-03-31
          """;
      Path policy = Files.writeString(work.resolve("policy.yaml"), text);

      // When
      Result result = airlock("policy", "check", policy.toString());
      List<String> errors = schemaErrors(new YAMLMapper().readTree(text));

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(errors).isNotEmpty();
    }
  }
}

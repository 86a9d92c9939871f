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
          "  " + at + "line 1, column 1: unknown key 'treshold'; did you mean threshold? (valid keys: mode,"
              + " threshold, minimumReleaseAge, releaseAgeExemptions, licenses, yanked, deprecated, waivers)",
          "  " + at + "line 4, column 11: waiver 1: rule must be a text, found the number 42",
          "  " + at + "line 6, column 5: unknown key 'expiry' in waiver 1; did you mean expires? (valid keys in a"
              + " waiver: package, versions, sha256, rule, path, justification, approver, expires)",
          "  " + at + "line 7, column 5: waiver 2 must be a mapping of package, versions, sha256, rule, path, justification, approver, expires;"
              + " found the text 'just a text'",
          "  " + at + "line 8, column 14: waiver 3: package is empty",
          "  " + at + "line 11, column 14: waiver 3: expires '2027-31-03' is not a date; write it as YYYY-MM-DD,"
              + " e.g. 2027-03-31",
          "  " + at + "line 12, column 1: 'waivers' is given twice (first at line 2); give it once");
      assertThat(result.err()).doesNotContain("java.").doesNotContain("Jackson").doesNotContain("Exception");
    }

    @Test
    void shouldReportTenDifferentMistakesEachAtItsLineAndColumn() throws Exception {
      // Given: one mistake of each kind, numbered in the comments
      Path policy = Files.writeString(work.resolve("policy.yaml"), """
          mode: strict
          threshold: SEVERE
          minimumReleaseAge: 7 days
          licenses:
            deny: [GPL-*, "Apache 2"]
            unknown: maybe
          yanked: block
          releaseAgeExemptions:
            - package: urllib3
              justification: urgent fix
              expires: 2026-12-31
          waivers:
            - package: requests
              versions: "=>2.0"
              rule: AIRLOCK-NOPE
              justification: fixture
              expires: 2027-02-30
          """);

      // When
      Result result = airlock("policy", "check", policy.toString(), "--format", "json");

      // Then
      assertThat(result.code()).isEqualTo(2);
      JsonNode mistakes = JSON.readTree(result.out()).path("mistakes");
      List<String> found = new java.util.ArrayList<>();
      mistakes.forEach(m -> found.add(m.path("line").asInt() + ":" + m.path("column").asInt() + " "
          + m.path("message").asText()));
      assertThat(found).hasSize(10);
      assertThat(found.get(0)).isEqualTo("1:7 mode: 'strict' is not one of enforce, audit");
      assertThat(found.get(1)).startsWith("2:12 threshold: unknown severity 'SEVERE'");
      assertThat(found.get(2)).isEqualTo("3:20 minimumReleaseAge '7 days' is not an ISO-8601 duration; write days as"
          + " P7D or hours as PT36H");
      assertThat(found.get(3)).startsWith("5:17 licenses.deny: 'Apache 2' is not an SPDX licence id");
      assertThat(found.get(4)).isEqualTo("6:12 licenses.unknown: 'maybe' is not one of refuse, review");
      assertThat(found.get(5)).isEqualTo("7:9 yanked: 'block' is not one of refuse, warn, ignore");
      assertThat(found.get(6)).startsWith("9:5 release-age exemption 1 needs approver");
      assertThat(found.get(7)).startsWith("14:15 waiver 1: versions '=>2.0' is not a version range");
      assertThat(found.get(8)).startsWith("15:11 waiver 1: rule 'AIRLOCK-NOPE' is not an Airlock rule");
      assertThat(found.get(9)).startsWith("17:14 waiver 1: expires '2027-02-30' is not a date");
      assertThat(result.out()).doesNotContain("java.").doesNotContain("Exception").doesNotContain("jackson");
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
  @Nested
  @DisplayName("precise waivers")
  class PreciseWaivers {

    @Test
    void shouldRejectAnUnknownRuleAMalformedRangeDigestAndDateWhenChecking() throws Exception {
      // Given
      Path policy = Files.writeString(work.resolve("policy.yaml"), """
          waivers:
            - package: requests
              versions: ">>2.0"
              sha256: abc
              rule: AIRLOCK-PRIVATE-KEYS
              justification: fixture key
              approver: alice
              expires: 31/03/2027
            - package: requests
              rule: CVE-2024-3651
              justification: not reachable from our use
              approver: bob
              expires: 2027-03-31
          """);

      // When
      Result result = airlock("policy", "check", policy.toString());

      // Then
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err().lines().skip(1).map(l -> l.substring(l.indexOf(", line ") + 2)).toList())
          .containsExactly(
              "line 3, column 15: waiver 1: versions '>>2.0' is not a version range: '>>2.0': '>2.0' is not a"
                  + " PEP 440 version (write a PEP 440 specifier set, e.g. '>=2.0,<2.3' or '==1.4.2')",
              "line 4, column 13: waiver 1: sha256 'abc' is not a SHA-256 (64 hexadecimal digits)",
              "line 5, column 11: waiver 1: rule 'AIRLOCK-PRIVATE-KEYS' is not an Airlock rule; did you mean"
                  + " AIRLOCK-PRIVATE-KEY? (docs/rules.md lists the built-in rules and the README the policy's own;"
                  + " ids of other scanners, such as CVE-2024-3651 or a SARIF tool's rule, are written as that"
                  + " scanner reports them)",
              "line 8, column 14: waiver 1: expires '31/03/2027' is not a date; write it as YYYY-MM-DD, e.g."
                  + " 2027-03-31");
    }

    @Test
    void shouldDescribeEachWaiversScopeWhenTheFileIsValid() throws Exception {
      // Given
      Path policy = Files.writeString(work.resolve("policy.yaml"), """
          waivers:
            - package: requests
              versions: ">=2.0,<2.3"
              rule: AIRLOCK-PRIVATE-KEY
              path: "**/tests/**"
              justification: test fixture key
              approver: alice
              expires: 2027-03-31
          """);

      // When
      Result result = airlock("policy", "check", policy.toString(), "--format", "json");

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      JsonNode waiver = JSON.readTree(result.out()).path("waivers").get(0);
      assertThat(waiver.path("versions").asText()).isEqualTo(">=2.0,<2.3");
      assertThat(waiver.path("path").asText()).isEqualTo("**/tests/**");
      assertThat(waiver.path("approver").asText()).isEqualTo("alice");
      assertThat(schemaErrors(new YAMLMapper().readTree(policy.toFile()))).isEmpty();
    }
  }

  @Nested
  @DisplayName("precise waivers in a run")
  @org.junit.jupiter.api.extension.ExtendWith(DemoWorkspace.class)
  class PreciseWaiversInARun {
    @DemoWorkspace.Folder
    Path demo;
    @DemoWorkspace.RequestFile
    Path requestFile;
    @DemoWorkspace.DataDir
    Path dataDir;

    private Result run(String policyText) throws Exception {
      Path policy = Files.writeString(demo.resolve("policy.yaml"), policyText);
      return airlock("run", requestFile.toString(), "--allow-file-urls", "--data-dir", dataDir.toString(),
          "--policy", policy.toString());
    }

    private static String waivers(String scope) {
      StringBuilder s = new StringBuilder("waivers:\n");
      for (String rule : List.of("AIRLOCK-DOWNLOAD-EXEC", "AIRLOCK-PY-INSTALL-HOOK", "AIRLOCK-SETUP-ACTION")) {
        s.append("  - package: fast-json-helper\n    rule: ").append(rule).append('\n').append(scope)
            .append("    justification: demo\n    approver: alice\n    expires: 2027-03-31\n");
      }
      return s.toString();
    }

    @Test
    void shouldApproveWhenTheWaiversNameThisVersionAndFile() throws Exception {
      // When: the archive's own PKG-INFO says 0.3.1; every finding is in setup.py
      Result result = run(waivers("    versions: \"==0.3.1\"\n    path: \"*/setup.py\"\n"));

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).containsPattern("fast-json-helper\\s+APPROVED");
    }

    @Test
    void shouldRefuseWhenTheWaiversNameOtherVersions() throws Exception {
      // When
      Result result = run(waivers("    versions: \">=1.0\"\n"));

      // Then
      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).containsPattern("fast-json-helper\\s+REFUSED");
    }

    @Test
    void shouldRefuseWhenTheWaiversNameOtherFilesOrContent() throws Exception {
      // When
      Result otherFiles = run(waivers("    path: \"tests/**\"\n"));

      // Then
      assertThat(otherFiles.out()).containsPattern("fast-json-helper\\s+REFUSED");
    }
  }
}

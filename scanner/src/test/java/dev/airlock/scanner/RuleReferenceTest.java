package dev.airlock.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule reference page (docs/rules.md) names every rule the built-in scanner can report. */
class RuleReferenceTest {

  @Test
  void shouldDocumentEveryRuleIdWhenTheRuleFileIsLoaded() throws Exception {
    // Given
    List<String> ids = RuleSet.builtin().ids();
    String page = Files.readString(Path.of("..", "docs", "rules.md"));

    // Then
    assertThat(ids).hasSizeGreaterThan(20);
    assertThat(ids).allSatisfy(id -> assertThat(page).contains("| `" + id + "` |"));
  }

  @Test
  void shouldDocumentEveryPatternEntrysReachWhenTheRuleFileIsLoaded() throws Exception {
    // Given
    String page = Files.readString(Path.of("..", "docs", "rules.md"));
    List<RuleSet.Rule> patternRules = RuleSet.builtin().rules().stream().filter(rule -> !rule.coded()).toList();

    // Then: the reachability table has a row per entry, with the reach the rule file gives it
    assertThat(patternRules).hasSizeGreaterThan(30);
    assertThat(patternRules).allSatisfy(rule -> assertThat(page).contains("| `" + rule.id() + "` " + rule.title()
        + " | " + rule.reach().name().toLowerCase(java.util.Locale.ROOT) + " | " + rule.severity() + " |"));
  }

  @Test
  void shouldRejectARuleFileWhenReachIsUnknown() {
    // Given
    String yaml = """
        rules:
          - id: AIRLOCK-ODD
            title: Odd
            severity: HIGH
            reach: sometimes
            description: d
            recommendation: r
            files: [python]
            when:
              - patterns: ['x']
        """;

    // Then
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.parse(
            new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rule AIRLOCK-ODD: reach must be anywhere, weighted or install, not sometimes");
  }

  @Test
  void shouldGiveEveryRuleATitleDescriptionAndRecommendationWhenTheRuleFileIsLoaded() {
    // Then
    assertThat(RuleSet.builtin().rules()).allSatisfy(rule -> {
      assertThat(rule.title()).isNotBlank();
      assertThat(rule.description()).isNotBlank();
      assertThat(rule.recommendation()).isNotBlank();
    });
  }

  @Test
  void shouldRejectARuleFileWhenAPatternDoesNotCompile() {
    // Given
    String yaml = """
        rules:
          - id: AIRLOCK-BROKEN
            title: Broken
            severity: HIGH
            description: d
            recommendation: r
            files: [python]
            when:
              - hints: [xx]
                patterns: ['(unclosed']
        """;

    // When / Then
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.parse(
            new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.yaml: rule AIRLOCK-BROKEN: pattern (unclosed is invalid");
  }
}

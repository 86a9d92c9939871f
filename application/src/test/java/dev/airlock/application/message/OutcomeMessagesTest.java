package dev.airlock.application.message;

import static dev.airlock.application.testing.TestData.NOW;
import static dev.airlock.application.testing.TestData.TODAY;
import static dev.airlock.application.testing.TestData.defaultRequestBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.result.RunSummary;
import dev.airlock.application.testing.RequestOutcomes;
import dev.airlock.application.testing.TestData;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Requester;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Markdown report and one-line summaries people read on GitHub. */
@DisplayName("OutcomeMessages")
class OutcomeMessagesTest {
  private static final Sha256 SHA = Sha256.of("ab".repeat(32));

  private static RunResult run(RequestOutcome... outcomes) {
    return new RunResult("run-1", "requests.csv", NOW, NOW, List.of(outcomes), List.of());
  }

  private static RequestOutcome refused(String requester, Finding finding) {
    var request = defaultRequestBuilder().requester(Requester.of(requester)).build();
    return RequestOutcome.decided(request, SeverityPolicy.defaultPolicy().evaluate("requests", List.of(finding), TODAY),
        SHA, Optional.empty(), Optional.empty(), Duration.ZERO);
  }

  @Nested
  @DisplayName("body")
  class Body {

    @Test
    void shouldSayThePackageIsPublishedUnderItsRealNameWhenTheRequestCalledItOtherwise() {
      // Given: requested as "leftpad", the tarball's package.json says left-pad-demo
      var request = defaultRequestBuilder().name("leftpad").build();
      var publication = TestData.publication("left-pad-demo", "1.3.0", "left-pad-demo-1.3.0.tgz", SHA);

      // When
      String body = OutcomeMessages.body(RequestOutcomes.approved(request, publication), 5);

      // Then
      assertThat(body).contains("Its own metadata names it left-pad-demo, so it is published as left-pad-demo"
          + " (requested as leftpad).");
    }

    @Test
    void shouldNotMentionTheNameWhenTheRequestSpelledTheSamePackageOtherwise() {
      // Given: Tidy_Stats and tidy-stats are one name (PEP 503)
      var request = defaultRequestBuilder().name("Tidy_Stats").build();
      var publication = TestData.publication("tidy-stats", "1.0.0", "tidy-stats-1.0.0.tar.gz", SHA);

      // When
      String body = OutcomeMessages.body(RequestOutcomes.approved(request, publication), 5);

      // Then
      assertThat(body).doesNotContain("metadata names it").contains("is approved and published.");
    }
  }

  @Nested
  @DisplayName("markdownReport")
  class MarkdownReport {

    @Test
    void shouldKeepEachFindingInsideItsCellWhenThePathCarriesMarkdown() {
      // Given
      Finding hostile = Finding.builder().ruleId("AIRLOCK-DECODE-EXEC").title("t").severity(Severity.HIGH)
          .path("a|b`c\n@mallory <!-- airlock:run -->.py").line(2).scanner("builtin").build();

      // When
      String report = OutcomeMessages.markdownReport(run(refused("alice", hostile)), 5, 10);

      // Then
      String row = report.lines().filter(l -> l.startsWith("| `requests`")).findFirst().orElseThrow();
      assertThat(row).contains("HIGH `AIRLOCK-DECODE-EXEC` `a\\|b'c @mallory <!-- airlock:run -->.py:2`")
          .endsWith("| @alice |");
      assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(5);
      assertThat(report).doesNotContain("\n@mallory").contains("cc @alice\n");
    }

    @Test
    void shouldNotMentionARequesterWhoseIdIsNotAGitHubLogin() {
      // Given
      Finding finding = Finding.builder().ruleId("R").title("t").severity(Severity.HIGH).scanner("builtin").build();

      // When
      String report = OutcomeMessages.markdownReport(run(refused("Alice Smith", finding)), 5, 10);

      // Then
      assertThat(report).contains("| `Alice Smith` |").doesNotContain("@Alice").doesNotContain("cc ");
    }

    @Test
    void shouldCountTheRowsLeftOutWhenThereAreMoreThanTheLimit() {
      // Given
      Finding finding = Finding.builder().ruleId("R").title("t").severity(Severity.HIGH).scanner("builtin").build();

      // When
      String report = OutcomeMessages.markdownReport(run(refused("a", finding), refused("b", finding),
          refused("c", finding)), 5, 2);

      // Then
      assertThat(report.lines().filter(l -> l.startsWith("| `requests`"))).hasSize(2);
      assertThat(report).contains("… and 1 more request(s) not shown");
    }
  }

  @Nested
  @DisplayName("runSummary")
  class RunSummary {

    @Test
    void shouldStayWithinTheLengthWhenClipped() {
      // Given
      Finding finding = Finding.builder().ruleId("R").title("t").severity(Severity.HIGH).scanner("builtin").build();

      // When
      String summary = OutcomeMessages.runSummary(run(refused("a", finding)), 20);

      // Then
      assertThat(summary).hasSize(20).endsWith("…");
    }
  }
}

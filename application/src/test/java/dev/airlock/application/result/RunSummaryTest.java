package dev.airlock.application.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.testing.TestData;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one summary table the console and the Markdown report both show. */
class RunSummaryTest {

  @Test
  void shouldShowTheWorstBlockingFindingOrTheErrorOrTheEarlierVerdictWhenSummarising() {
    // Given
    var refusedRequest = TestData.request("fast-json-helper", 1);
    var refused = RequestOutcome.decided(refusedRequest, SeverityPolicy.defaultPolicy().evaluate("fast-json-helper",
            List.of(TestData.finding("B101", Severity.LOW), TestData.finding("B602", Severity.HIGH)), TestData.TODAY),
        TestData.sha256Of(TestData.bytes("x")), Optional.empty(), Optional.empty(), Duration.ZERO);
    var error = RequestOutcome.error(TestData.request("gone", 2), ScanVerdict.error("HTTP 404"), Optional.empty(),
        Duration.ZERO);
    var earlierRequest = TestData.request("old", 3);
    var earlier = RequestOutcome.alreadyDecided(earlierRequest,
        TestData.refusedDecision(earlierRequest, TestData.sha256Of(TestData.bytes("y")),
            TestData.finding("B602", Severity.HIGH)), Duration.ZERO);
    var result = new RunResult("run-9", "r.csv", TestData.NOW, TestData.NOW, List.of(refused, error, earlier), List.of());

    // When
    List<List<String>> rows = RunSummary.rows(result);

    // Then
    assertThat(rows).containsExactly(
        List.of("fast-json-helper", "REFUSED", "HIGH B602 setup.py:3", "-"),
        List.of("gone", "ERROR", "HTTP 404", "-"),
        List.of("old", "REFUSED (earlier)", "HIGH B602 setup.py:3", "-"));
    assertThat(RunSummary.totals(result)).isEqualTo("0 approved, 1 refused, 1 error, 1 already decided (run run-9)");
  }
}

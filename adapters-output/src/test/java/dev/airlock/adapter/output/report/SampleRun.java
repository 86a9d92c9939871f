package dev.airlock.adapter.output.report;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.TestData;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One run with every kind of outcome, and findings that are awkward to render, for the report tests. */
final class SampleRun {
  static final RunInputs INPUTS = new RunInputs("1.2.3", "file", List.of("builtin", "codeguru"), "file",
      List.of("console"), "file", "built-in", "MEDIUM");
  static final Sha256 CLEAN = TestData.sha256Of(TestData.bytes("clean"));
  static final Sha256 BAD = TestData.sha256Of(TestData.bytes("bad"));

  private SampleRun() {}

  static PackageRequest approved() {
    return TestData.request("tidy-stats", 2);
  }

  static PackageRequest refused() {
    return TestData.request("fast-json-helper", 3);
  }

  /** A HIGH finding in a file whose name has a space and whose title has a pipe and a control character. */
  static Finding blocking() {
    return Finding.builder().ruleId("AIRLOCK-EXEC").title("runs a shell | at install\u0007 time")
        .severity(Severity.HIGH).path("fast_json_helper/set up.py").line(11)
        .description("setup.py starts a process").recommendation("refuse the package").scanner("builtin").build();
  }

  static Finding low() {
    return Finding.builder().ruleId("AIRLOCK-NET").title("opens a socket").severity(Severity.LOW)
        .path("fast_json_helper/__init__.py").scanner("builtin").build();
  }

  static RunResult result() {
    SeverityPolicy policy = SeverityPolicy.defaultPolicy();
    ScanVerdict approvedVerdict = policy.evaluate("tidy-stats", List.of(low()), TestData.TODAY);
    ScanVerdict refusedVerdict = policy.evaluate("fast-json-helper", List.of(blocking(), low()), TestData.TODAY);
    var publication = TestData.publication("tidy-stats", "1.0.0", "tidy-stats-1.0.0.tar.gz", CLEAN);
    PackageRequest earlier = TestData.request("old-news", 5);
    List<RequestOutcome> outcomes = List.of(
        RequestOutcome.invalidRow(RowError.of(1, "url is not absolute")),
        RequestOutcome.decided(approved(), approvedVerdict, CLEAN, Optional.of("1.0.0"), Optional.of(publication),
            Duration.ofMillis(1500)).startedAt(TestData.NOW),
        RequestOutcome.decided(refused(), refusedVerdict, BAD, Optional.empty(), Optional.empty(),
            Duration.ofMillis(250)).startedAt(TestData.NOW),
        RequestOutcome.error(TestData.request("gone", 4), ScanVerdict.error("download failed: HTTP 404"),
            Optional.empty(), Duration.ofMillis(40)).startedAt(TestData.NOW),
        RequestOutcome.alreadyDecided(earlier, TestData.refusedDecision(earlier, BAD, blocking()), Duration.ZERO)
            .startedAt(TestData.NOW));
    return new RunResult(TestData.RUN_ID, "requests.csv", TestData.NOW, TestData.NOW.plusSeconds(2), outcomes,
        List.of("notifier sns failed: throttled"));
  }
}

package dev.airlock.adapter.output.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.Decision;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.Requester;
import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One console message per request decided in the run, written for the requester. */
class ConsoleNotifierTest {
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);
  private static final Sha256 SHA = Sha256.of("d4".repeat(32));
  private static final String INSTALL = "pip install /data/repository/tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz";

  private final StringWriter output = new StringWriter();
  private final ConsoleNotifier notifier = new ConsoleNotifier(new PrintWriter(output));

  @Nested
  @DisplayName("decided in this run")
  class Decided {

    @Test
    void shouldTellTheRequesterTheInstallCommandWhenApproved() {
      // Given
      RequestOutcome approved = RequestOutcome.decided(request("tidy-stats", "alice"), approvedVerdict(), SHA,
          Optional.of("1.0.0"), Optional.of(publication()), Duration.ofSeconds(2));

      // When
      notifier.notify(run(approved));

      // Then
      String text = output.toString();
      assertThat(text).contains("tidy-stats", "1.0.0", "approved", "alice");
      assertThat(text.lines()).anySatisfy(line -> assertThat(line.strip()).endsWith(INSTALL));
    }

    @Test
    void shouldListSeverityRuleAndLocationOfEachBlockingFindingWhenRefused() {
      // Given
      Finding download = finding("AIRLOCK-DOWNLOAD-EXEC", Severity.HIGH, "fast-json-helper-0.3.1/setup.py", 11);
      Finding hook = finding("AIRLOCK-PY-INSTALL-HOOK", Severity.HIGH, "fast-json-helper-0.3.1/setup.py", 8);
      Finding low = finding("AIRLOCK-NPM-INSTALL-SCRIPT", Severity.LOW, "package/package.json", 4);
      RequestOutcome refused = RequestOutcome.decided(request("fast-json-helper", "bob"),
          SeverityPolicy.defaultPolicy().evaluate("fast-json-helper", List.of(download, hook, low), TODAY), SHA,
          Optional.empty(), Optional.empty(), Duration.ofSeconds(1));

      // When
      notifier.notify(run(refused));

      // Then
      String text = output.toString();
      assertThat(text).contains("fast-json-helper", "refused", "bob");
      assertThat(text).contains("HIGH AIRLOCK-DOWNLOAD-EXEC at fast-json-helper-0.3.1/setup.py:11");
      assertThat(text).contains("HIGH AIRLOCK-PY-INSTALL-HOOK at fast-json-helper-0.3.1/setup.py:8");
      assertThat(text).contains("Refuse the package.");
      assertThat(text).as("below the threshold, so not blocking").doesNotContain("AIRLOCK-NPM-INSTALL-SCRIPT");
      assertThat(text).contains("waiver");
      assertThat(text).doesNotContain("Install");
    }

    @Test
    void shouldShowFiveBlockingFindingsAndCountTheRestWhenThereAreMore() {
      // Given
      List<Finding> many = new ArrayList<>();
      for (int i = 1; i <= 7; i++) {
        many.add(finding("RULE-" + i, Severity.CRITICAL, "pkg/f" + i + ".py", i));
      }
      RequestOutcome refused = RequestOutcome.decided(request("noisy", "carol"),
          SeverityPolicy.defaultPolicy().evaluate("noisy", many, TODAY), SHA, Optional.empty(), Optional.empty(),
          Duration.ZERO);

      // When
      notifier.notify(run(refused));

      // Then
      String text = output.toString();
      assertThat(text).contains("CRITICAL RULE-5 at pkg/f5.py:5").doesNotContain("RULE-6").contains("… and 2 more");
    }

    @Test
    void shouldGiveTheReasonAndSayItWillBeRetriedWhenItCouldNotBeDecided() {
      // Given
      RequestOutcome error = RequestOutcome.error(request("demo", "dave"),
          ScanVerdict.error("HTTP 404 from https://files.pythonhosted.org/demo.tar.gz"), Optional.empty(),
          Duration.ZERO);

      // When
      notifier.notify(run(error));

      // Then
      String text = output.toString();
      assertThat(text).contains("dave", "demo could not be decided: HTTP 404 from https://files.pythonhosted.org/demo.tar.gz");
      assertThat(text).containsIgnoringCase("next run");
      assertThat(text).doesNotContain("approved");
    }
    @Test
    void shouldNotRepeatSecretsWhenTheRequestedUrlHoldsCredentialsOrAToken() {
      // Given
      PackageRequest withSecrets = PackageRequest.builder().name("private-lib")
          .url(URI.create("https://deploy:SECRET123@files.example.com/private-lib-1.0.tar.gz?token=SECRET123"))
          .requester(Requester.of("frank")).build();
      RequestOutcome error = RequestOutcome.error(withSecrets, ScanVerdict.error("HTTP 403 from "
          + "https://files.example.com/private-lib-1.0.tar.gz?…"), Optional.empty(), Duration.ZERO);

      // When
      notifier.notify(run(error));

      // Then
      assertThat(output.toString()).contains("frank", "private-lib").doesNotContain("SECRET123");
    }
  }

  @Nested
  @DisplayName("nothing new")
  class NothingNew {

    @Test
    void shouldSayNothingWhenAnEarlierRunDecidedTheRequest() {
      // Given
      RequestOutcome already = RequestOutcome.alreadyDecided(request("tidy-stats", "alice"), previousDecision(),
          Duration.ZERO);

      // When
      notifier.notify(run(already));

      // Then
      assertThat(output.toString()).isEmpty();
    }

    @Test
    void shouldWriteOnlyTheNewsWhenARunMixesNewAndOldDecisions() {
      // Given
      RequestOutcome already = RequestOutcome.alreadyDecided(request("old-package", "erin"), previousDecision(),
          Duration.ZERO);
      RequestOutcome approved = RequestOutcome.decided(request("tidy-stats", "alice"), approvedVerdict(), SHA,
          Optional.of("1.0.0"), Optional.of(publication()), Duration.ZERO);

      // When
      notifier.notify(run(already, approved));

      // Then
      String text = output.toString();
      assertThat(text).contains("alice", "tidy-stats", INSTALL);
      assertThat(text).doesNotContain("erin").doesNotContain("old-package");
    }

    @Test
    void shouldSayNothingWhenARowCouldNotBeRead() {
      // Given
      RequestOutcome badRow = RequestOutcome.invalidRow(RowError.of(3, "column 2 (url): url is empty"));

      // When
      notifier.notify(run(badRow));

      // Then
      assertThat(output.toString()).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static RunResult run(RequestOutcome... outcomes) {
    return new RunResult("run-1", "requests.csv", Instant.parse("2025-06-01T10:00:00Z"),
        Instant.parse("2025-06-01T10:01:00Z"), List.of(outcomes), List.of());
  }

  private static PackageRequest request(String name, String requester) {
    return PackageRequest.builder().name(name)
        .url(URI.create("https://files.pythonhosted.org/packages/" + name + ".tar.gz"))
        .requester(Requester.of(requester)).build();
  }

  private static ScanVerdict approvedVerdict() {
    return SeverityPolicy.defaultPolicy().evaluate("tidy-stats", List.of(), TODAY);
  }

  private static Publication publication() {
    return Publication.builder().repository("file").packageName("tidy-stats").version("1.0.0")
        .assetName("tidy-stats-1.0.0.tar.gz").sha256(SHA)
        .location("/data/repository/tidy-stats/1.0.0/tidy-stats-1.0.0.tar.gz").installInstructions(INSTALL).build();
  }

  private static Finding finding(String ruleId, Severity severity, String path, int line) {
    return Finding.builder().ruleId(ruleId).title("Title of " + ruleId).severity(severity).path(path).line(line)
        .recommendation("Refuse the package.").scanner("builtin").build();
  }

  private static Decision previousDecision() {
    return Decision.builder()
        .key(request("tidy-stats", "alice").key().withContent(SHA))
        .packageName("tidy-stats")
        .outcome(ScanVerdict.Outcome.APPROVED)
        .version("1.0.0")
        .publication(publication())
        .decidedAt(Instant.parse("2025-05-01T00:00:00Z"))
        .runId("run-0")
        .build();
  }
}

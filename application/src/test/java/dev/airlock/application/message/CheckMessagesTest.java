package dev.airlock.application.message;

import static dev.airlock.application.testing.TestData.TODAY;
import static dev.airlock.application.testing.TestData.finding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.result.CheckResult;
import dev.airlock.application.result.RequestCheck;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.application.testing.RequestOutcomes;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Waiver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The words of a check: "would be", the policy change's effect, and the pull request comment. */
class CheckMessagesTest {
  private static final Finding HOOK = finding("AIRLOCK-INSTALL-HOOK-DOWNLOAD", Severity.HIGH);

  @Test
  void shouldListVerdictsFindingsAndAWaiverToCopyWhenAPullRequestAddsACleanAndAHookedPackage() {
    // Given
    PackageRequest tidyRequest = RequestOutcomes.request("tidy-stats", "alice");
    RequestCheck tidy = RequestCheck.of(RequestOutcome.decided(tidyRequest,
        SeverityPolicy.defaultPolicy().evaluate(tidyRequest.name(), List.of(), TODAY), RequestOutcomes.SHA,
        Optional.empty(), Optional.empty(), java.time.Duration.ZERO));
    RequestCheck hooked = RequestCheck.of(RequestOutcomes.refused(
        RequestOutcomes.request("fast-json-helper", "bob"), List.of(HOOK)));

    // When
    String comment = CheckMessages.markdown(check(false, tidy, hooked), Optional.of("requests/airlock-policy.yaml"),
        20, 500);

    // Then
    assertThat(comment).startsWith("### Airlock check: 1 would be approved, 1 would be refused, 0 error\n")
        .contains(CheckMessages.ADVICE_ONLY)
        .contains("| `tidy-stats` | ✅ would be approved | `" + RequestOutcomes.SHA.hex() + "` | @alice |")
        .contains("| `fast-json-helper` | ❌ would be refused | HIGH `AIRLOCK-INSTALL-HOOK-DOWNLOAD` `setup.py:3` | @bob |")
        .contains("#### Blocking findings", "#### To ask for a waiver", "`requests/airlock-policy.yaml`")
        .contains("  - package: \"fast-json-helper\"\n    rule: \"AIRLOCK-INSTALL-HOOK-DOWNLOAD\"\n")
        .contains("cc @alice @bob")
        .doesNotContain("This pull request changes the policy")
        .doesNotContain("published as");
  }

  @Test
  void shouldMarkTheVerdictThatOnlyTheAddedWaiverApprovesWhenThePullRequestChangesThePolicy() {
    // Given
    Waiver waiver = Waiver.builder().packageName("fast-json-helper").ruleId(HOOK.ruleId())
        .justification("reviewed (SEC-77)").expires(TODAY.plusDays(30)).build();
    PackageRequest request = RequestOutcomes.request("fast-json-helper", "bob");
    SeverityPolicy after = SeverityPolicy.builder().addWaivers(waiver).build();
    RequestOutcome approved = RequestOutcome.decided(request, after.evaluate(request.name(), List.of(HOOK), TODAY),
        RequestOutcomes.SHA, Optional.empty(), Optional.empty(), java.time.Duration.ZERO);
    RequestCheck check = new RequestCheck(approved,
        Optional.of(SeverityPolicy.defaultPolicy().evaluate(request.name(), List.of(HOOK), TODAY)), List.of(waiver));

    // When
    CheckResult result = check(true, check);
    String comment = CheckMessages.markdown(result, Optional.empty(), 20, 500);

    // Then
    assertThat(CheckMessages.summary(result, 140))
        .isEqualTo("Airlock check: 1 would be approved, 0 would be refused, 0 error; 1 only with this pull request's"
            + " policy change");
    assertThat(comment)
        .contains("✅ would be approved<br>**approved because of the waiver added in this pull request"
            + " (fast-json-helper/AIRLOCK-INSTALL-HOOK-DOWNLOAD (until " + TODAY.plusDays(30) + "))**")
        .contains("**This pull request changes the policy.** 1 verdict(s) above depend on it");
    assertThat(CheckMessages.allWouldBeApproved(result)).isTrue();
  }

  @Test
  void shouldQuoteEverythingFromTheRequestAsCodeWhenANameOrFindingTriesToInjectMarkdown() {
    // Given a finding whose title tries to mention and link, and whose rule tries to close the YAML fence
    Finding hostile = Finding.builder().ruleId("R```\n@everyone").title("see [here](https://evil.example) @admins")
        .severity(Severity.CRITICAL).path("a|b.py").line(1).scanner("sarif").build();
    RequestCheck refused = RequestCheck.of(RequestOutcomes.refused(RequestOutcomes.request("pkg", "carol"),
        List.of(hostile)));

    // When
    String comment = CheckMessages.markdown(check(false, refused), Optional.empty(), 20, 500);

    // Then
    assertThat(comment).contains("`see [here](https://evil.example) @admins`")
        .contains("`a\\|b.py:1`")
        .doesNotContain("```\n@everyone")
        .contains("rule: \"R @everyone\"");
  }

  @Test
  void shouldSayThereIsNothingToCheckWhenThePullRequestAddsNoRow() {
    // When
    CheckResult empty = check(false);

    // Then
    assertThat(CheckMessages.summary(empty, 140)).isEqualTo("Airlock check: this change adds no request");
    assertThat(CheckMessages.markdown(empty, Optional.empty(), 20, 500))
        .contains("This pull request adds no row to the request file");
    assertThat(CheckMessages.allWouldBeApproved(empty)).isTrue();
  }

  private static CheckResult check(boolean policyChanged, RequestCheck... checks) {
    List<RequestCheck> all = List.of(checks);
    RunResult run = new RunResult("check-1", "acme/package-requests:requests.csv@333333333333",
        Instant.parse("2030-06-15T12:00:00Z"), Instant.parse("2030-06-15T12:00:05Z"),
        all.stream().map(RequestCheck::outcome).toList(), List.of(), Optional.of("3".repeat(40)));
    return new CheckResult(run, all, policyChanged);
  }
}

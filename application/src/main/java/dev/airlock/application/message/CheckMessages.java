package dev.airlock.application.message;

import static dev.airlock.application.message.OutcomeMessages.clip;
import static dev.airlock.application.message.OutcomeMessages.code;
import static dev.airlock.application.message.OutcomeMessages.mention;

import dev.airlock.application.result.CheckResult;
import dev.airlock.application.result.RequestCheck;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import dev.airlock.domain.Finding;
import dev.airlock.domain.Waiver;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The texts of a check's advice, written once for every place that shows it (the console, a pull
 * request's comment and commit status): they say "would be", never that anything was published.
 */
public final class CheckMessages {
  /** Said wherever a check's verdicts are shown: a check decides nothing. */
  public static final String ADVICE_ONLY = "Advice only: nothing is published or recorded by a check. Merging the"
      + " pull request decides: the merge fetches, scans and decides every new row again.";
  private static final String NL = "\n";
  private static final int MAX_CELL = 300;

  private CheckMessages() {}

  /**
   * One line for the whole check, at most {@code maxLength} characters ({@code Airlock check: 1 would be
   * approved, 1 would be refused, 0 error; 1 only with this pull request's policy change}).
   */
  public static String summary(CheckResult result, int maxLength) {
    RunResult run = result.run();
    String summary;
    if (run.outcomes().isEmpty()) {
      summary = "Airlock check: this change adds no request";
    } else {
      long byChange = result.count(RequestCheck.PolicyEffect.APPROVED_BY_CHANGE);
      summary = "Airlock check: " + run.count(RequestOutcome.Status.APPROVED) + " would be approved, "
          + run.count(RequestOutcome.Status.REFUSED) + " would be refused, "
          + run.count(RequestOutcome.Status.ERROR) + " error"
          + (byChange == 0 ? "" : "; " + byChange + " only with this pull request's policy change");
    }
    return clip(summary, maxLength);
  }

  /** True when every request the change adds would be approved (what a commit status reports as success). */
  public static boolean allWouldBeApproved(CheckResult result) {
    return result.run().outcomes().stream().allMatch(o -> o.status() == RequestOutcome.Status.APPROVED);
  }

  /** The verdict in words: {@code would be approved}, {@code would be refused}, {@code could not be checked}. */
  public static String verdict(RequestOutcome outcome) {
    return switch (outcome.status()) {
      case APPROVED -> "would be approved";
      case REFUSED -> "would be refused";
      default -> "could not be checked";
    };
  }

  /**
   * What the change's own policy edit does to this verdict, when it does anything: {@code approved because
   * of the waiver added in this pull request (pkg/RULE until 2027-03-31)}.
   */
  public static Optional<String> policyEffect(RequestCheck check) {
    return switch (check.policyEffect()) {
      case APPROVED_BY_CHANGE -> Optional.of(check.addedWaivers().isEmpty()
          ? "approved because of the policy change in this pull request (refused under the current policy)"
          : "approved because of the waiver" + (check.addedWaivers().size() == 1 ? "" : "s")
              + " added in this pull request (" + check.addedWaivers().stream().map(Waiver::toString)
              .collect(Collectors.joining(", ")) + ")");
      case REFUSED_BY_CHANGE -> Optional.of(
          "refused because of the policy change in this pull request (approved under the current policy)");
      case NONE -> Optional.empty();
    };
  }

  /**
   * The comment a pull request gets: a summary line, that it is advice, one table row per request the
   * change adds (verdict, what the policy change does to it, SHA-256 or blocking findings, requester),
   * the blocking findings in full, how to ask for a waiver, and the requesters mentioned. Everything
   * taken from an archive or a request is quoted as code, so it cannot mention people or inject links.
   *
   * @param policyFile the policy file's path in the repository, when known, for the waiver instructions
   * @param maxFindings the most findings listed per request
   * @param maxRows the most requests listed; the rest are counted
   */
  public static String markdown(CheckResult result, Optional<String> policyFile, int maxFindings, int maxRows) {
    RunResult run = result.run();
    StringBuilder s = new StringBuilder();
    s.append("### ").append(summary(result, 200)).append(NL).append(NL);
    s.append(ADVICE_ONLY).append(NL).append(NL);
    List<RequestCheck> checks = result.requests();
    if (checks.isEmpty()) {
      s.append("This pull request adds no row to the request file, so there is nothing to check.").append(NL);
    } else {
      s.append("| Package | Verdict | SHA-256, or blocking findings | Requested by |").append(NL)
          .append("|---|---|---|---|").append(NL);
      checks.stream().limit(Math.max(0, maxRows)).forEach(c -> s.append("| ").append(code(c.outcome().label()))
          .append(" | ").append(verdictCell(c))
          .append(" | ").append(detailCell(c.outcome(), maxFindings))
          .append(" | ").append(c.outcome().request().map(r -> mention(r.requester())).orElse("-"))
          .append(" |").append(NL));
      if (checks.size() > maxRows) {
        s.append(NL).append("… and ").append(checks.size() - maxRows)
            .append(" more request(s) not shown; the build log lists every one.").append(NL);
      }
    }
    if (result.policyChanged()) {
      long depend = result.requests().stream().filter(c -> c.policyEffect() != RequestCheck.PolicyEffect.NONE)
          .count();
      s.append(NL).append("**This pull request changes the policy.** ")
          .append(depend == 0 ? "No verdict above depends on the change."
              : depend + " verdict(s) above depend on it; InfoSec reviews the policy change before it is merged.")
          .append(NL);
    }
    List<RequestCheck> refused = checks.stream()
        .filter(c -> c.outcome().status() == RequestOutcome.Status.REFUSED).toList();
    if (!refused.isEmpty()) {
      s.append(NL).append("#### Blocking findings").append(NL).append(NL);
      for (RequestCheck c : refused) {
        List<Finding> findings = c.outcome().blockingFindings();
        s.append("- ").append(code(c.outcome().label())).append(':').append(NL);
        findings.stream().limit(Math.max(0, maxFindings)).forEach(f -> {
          s.append("  - ").append(f.severity()).append(' ').append(code(f.ruleId())).append(" at ")
              .append(code(f.location())).append(": ").append(code(f.title())).append(NL);
          if (!f.recommendation().isBlank()) {
            s.append("    What to do: ").append(code(f.recommendation())).append(NL);
          }
        });
        if (findings.size() > maxFindings) {
          s.append("  - … and ").append(findings.size() - maxFindings).append(" more").append(NL);
        }
      }
      s.append(NL).append("#### To ask for a waiver").append(NL).append(NL)
          .append("If the risk is acceptable, add a waiver for the package and rule to ")
          .append(policyFile.map(OutcomeMessages::code).orElse("the policy file"))
          .append(" in this pull request, with why and until when; InfoSec reviews it, and this check shows")
          .append(" the verdict with it. Otherwise remove the row, or ask for another version.").append(NL)
          .append(NL).append("```yaml").append(NL).append("waivers:").append(NL);
      refused.forEach(c -> c.outcome().blockingFindings().stream().map(Finding::ruleId).distinct()
          .forEach(rule -> s.append("  - package: ").append(yaml(c.outcome().label())).append(NL)
              .append("    rule: ").append(yaml(rule)).append(NL)
              .append("    justification: why the risk is acceptable (ticket)").append(NL)
              .append("    expires: YYYY-MM-DD").append(NL)));
      s.append("```").append(NL);
    }
    if (run.count(RequestOutcome.Status.ERROR) > 0) {
      s.append(NL).append("A request that could not be checked is retried by the next push to this pull request.")
          .append(NL);
    }
    Set<String> mentions = new LinkedHashSet<>();
    checks.forEach(c -> c.outcome().request().map(r -> mention(r.requester())).filter(m -> m.startsWith("@"))
        .ifPresent(mentions::add));
    if (!mentions.isEmpty()) {
      s.append(NL).append("cc ").append(String.join(" ", mentions)).append(NL);
    }
    s.append(NL).append("<sub>Airlock check ").append(code(run.runId())).append(" · source ")
        .append(code(run.source())).append("</sub>").append(NL);
    return s.toString();
  }

  private static String verdictCell(RequestCheck check) {
    String verdict = switch (check.outcome().status()) {
      case APPROVED -> "✅ would be approved";
      case REFUSED -> "❌ would be refused";
      default -> "⚠️ could not be checked";
    };
    return policyEffect(check).map(effect -> verdict + "<br>**" + effect.replace("|", "\\|") + "**").orElse(verdict);
  }

  private static String detailCell(RequestOutcome outcome, int maxFindings) {
    return switch (outcome.status()) {
      case APPROVED -> outcome.sha256().map(sha -> code(sha.hex())).orElse("-");
      case REFUSED -> {
        List<Finding> findings = outcome.blockingFindings();
        StringBuilder cell = new StringBuilder();
        findings.stream().limit(Math.max(0, maxFindings)).forEach(f -> cell.append(cell.isEmpty() ? "" : "<br>")
            .append(f.severity()).append(' ').append(code(f.ruleId())).append(' ').append(code(f.location())));
        if (findings.size() > maxFindings) {
          cell.append(cell.isEmpty() ? "" : "<br>").append("… and ").append(findings.size() - maxFindings)
              .append(" more");
        }
        yield cell.toString();
      }
      default -> code(outcome.errorReason().orElse("unknown error"));
    };
  }

  /** A YAML scalar in double quotes, for the waiver example. */
  private static String yaml(String text) {
    return "\"" + clip(text.replaceAll("[\\r\\n\\t`]+", " "), MAX_CELL).replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"";
  }
}

package dev.airlock.application.port.in;

import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import java.util.List;

/**
 * The texts a requester reads about an outcome, written once for every notifier (console, SNS,
 * GitHub): a one-line subject and a plain-text body.
 */
public final class OutcomeMessages {
  private static final String NL = "\n";

  private OutcomeMessages() {}

  /** One line, at most {@code maxLength} characters, no line breaks. */
  public static String subject(RequestOutcome outcome, int maxLength) {
    String name = outcome.label();
    String subject = switch (outcome.status()) {
      case APPROVED -> "Airlock: " + name + " " + outcome.version().orElse("") + " approved";
      case REFUSED -> "Airlock: " + name + " refused (" + outcome.blockingFindings().size() + " blocking finding"
          + (outcome.blockingFindings().size() == 1 ? ")" : "s)");
      case ERROR -> "Airlock: " + name + " could not be decided";
      case ALREADY_DECIDED -> "Airlock: " + name + " was decided earlier";
      case IN_PROGRESS_ELSEWHERE -> "Airlock: " + name + " is being decided by another run";
    };
    return clip(subject.replaceAll("[\\r\\n\\t]+", " ").strip(), maxLength);
  }

  /**
   * The message body, listing at most {@code maxFindings} blocking findings and saying how many were
   * left out.
   */
  public static String body(RequestOutcome outcome, int maxFindings) {
    StringBuilder s = new StringBuilder();
    PackageRequest request = outcome.request().orElse(null);
    String name = outcome.label();
    switch (outcome.status()) {
      case APPROVED -> {
        s.append(name).append(' ').append(outcome.version().orElse("")).append(" is approved and published.").append(NL);
        outcome.sha256().ifPresent(sha -> s.append("SHA-256: ").append(sha.hex()).append(NL));
        outcome.publication().ifPresent(p -> s.append(NL).append("Fetch and install it with:").append(NL)
            .append("  ").append(p.installInstructions().replace("\n", NL + "  ")).append(NL));
      }
      case REFUSED -> {
        s.append(name).append(" is refused: ").append(outcome.blockingFindings().size())
            .append(" finding(s) at or above the policy threshold.").append(NL).append(NL);
        appendFindings(s, outcome.blockingFindings(), maxFindings);
        s.append(NL).append("To ask for a waiver, send InfoSec the package, the rule id and why the risk is ")
            .append("acceptable; waivers name a package, a rule, a justification and an expiry date.").append(NL);
      }
      case ERROR -> s.append(name).append(" could not be decided: ")
          .append(outcome.errorReason().orElse("unknown error")).append(NL)
          .append("Nothing was published. The next run retries it.").append(NL);
      case ALREADY_DECIDED -> s.append(name).append(" was decided by an earlier run; nothing was done.").append(NL);
      case IN_PROGRESS_ELSEWHERE -> s.append(name)
          .append(" is being decided by another run, which will announce the verdict; nothing was done here.")
          .append(NL);
    }
    if (request != null) {
      s.append(NL).append("Requested from: ").append(request.displayUrl()).append(NL)
          .append("Requested by: ").append(request.requester()).append(NL);
    }
    return s.toString();
  }

  private static void appendFindings(StringBuilder s, List<Finding> findings, int maxFindings) {
    findings.stream().limit(Math.max(0, maxFindings)).forEach(f -> {
      s.append("- ").append(f.severity()).append(' ').append(f.ruleId()).append(" at ").append(f.location())
          .append(": ").append(f.title()).append(NL);
      if (!f.recommendation().isBlank()) {
        s.append("  What to do: ").append(f.recommendation()).append(NL);
      }
    });
    if (findings.size() > maxFindings) {
      s.append("- … and ").append(findings.size() - maxFindings).append(" more finding(s) not shown").append(NL);
    }
  }

  private static String clip(String text, int maxLength) {
    return text.length() <= maxLength ? text : text.substring(0, Math.max(0, maxLength - 1)) + "…";
  }
}

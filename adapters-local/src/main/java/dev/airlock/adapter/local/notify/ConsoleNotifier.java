package dev.airlock.adapter.local.notify;

import dev.airlock.application.port.in.RequestOutcome;
import dev.airlock.application.port.in.RunResult;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.domain.Finding;
import java.io.PrintWriter;
import java.util.List;

/** Tells requesters on the console: one short message per request decided in this run. */
public final class ConsoleNotifier implements Notifier {
  /** The notifier's id. */
  public static final String ID = "console";
  private static final int MAX_FINDINGS_SHOWN = 5;

  private final PrintWriter out;

  public ConsoleNotifier(PrintWriter out) {
    this.out = out;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void notify(RunResult result) {
    for (RequestOutcome outcome : result.outcomes()) {
      if (!outcome.isNews() || outcome.request().isEmpty()) {
        continue;
      }
      out.println(message(outcome));
    }
    out.flush();
  }

  static String message(RequestOutcome outcome) {
    var request = outcome.request().orElseThrow();
    String to = "[to " + request.requester() + "] ";
    return switch (outcome.status()) {
      case APPROVED -> to + request.name() + " " + outcome.version().orElse("") + " is approved. Install with: "
          + outcome.publication().map(p -> p.installInstructions()).orElse("(not published)");
      case REFUSED -> to + request.name() + " is refused:" + findings(outcome.blockingFindings());
      case ERROR -> to + request.name() + " could not be decided: " + outcome.errorReason().orElse("unknown error")
          + ". It will be retried on the next run.";
      case ALREADY_DECIDED -> "";
    };
  }

  private static String findings(List<Finding> blocking) {
    StringBuilder s = new StringBuilder();
    blocking.stream().limit(MAX_FINDINGS_SHOWN).forEach(f -> s.append(System.lineSeparator()).append("    ")
        .append(f.severity()).append(' ').append(f.ruleId()).append(" at ").append(f.location()).append(": ")
        .append(f.title()).append(f.recommendation().isEmpty() ? "" : " — " + f.recommendation()));
    if (blocking.size() > MAX_FINDINGS_SHOWN) {
      s.append(System.lineSeparator()).append("    … and ").append(blocking.size() - MAX_FINDINGS_SHOWN).append(" more");
    }
    s.append(System.lineSeparator()).append("    To ask for a waiver, send InfoSec the rule id and why the risk is acceptable.");
    return s.toString();
  }
}

package dev.airlock.adapter.output.notify;

import dev.airlock.application.message.OutcomeMessages;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RunResult;
import java.io.PrintWriter;

/**
 * Tells requesters on the console: the same subject and text SNS sends, one block per decided request;
 * a revocation is addressed to InfoSec too.
 */
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
    String to = outcome.request().map(r -> r.requester().toString()).orElse("unknown");
    String cc = outcome.status() == RequestOutcome.Status.REVOKED ? ", cc InfoSec" : "";
    StringBuilder s = new StringBuilder(OutcomeMessages.subject(outcome, 200)).append(" [to ").append(to).append(cc)
        .append(']');
    for (String line : OutcomeMessages.body(outcome, MAX_FINDINGS_SHOWN).split("\n", 0)) {
      s.append(System.lineSeparator()).append(line.isEmpty() ? "" : "    " + line);
    }
    return s.toString();
  }
}

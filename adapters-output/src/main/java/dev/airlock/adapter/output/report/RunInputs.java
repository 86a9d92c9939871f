package dev.airlock.adapter.output.report;

import java.util.List;
import java.util.Objects;

/**
 * What a run was configured with, recorded in its reports next to what it decided.
 *
 * @param toolVersion Airlock's version
 * @param source the request source kind ({@code file}, {@code github})
 * @param scanners the scanner ids, in the order they ran
 * @param repository the package repository kind
 * @param notifiers the notifier kinds
 * @param ledger the ledger kind
 * @param policy the policy file, or {@code built-in}
 * @param threshold the severity at or above which a finding blocks
 */
public record RunInputs(String toolVersion, String source, List<String> scanners, String repository,
    List<String> notifiers, String ledger, String policy, String threshold) {

  public RunInputs {
    Objects.requireNonNull(toolVersion, "toolVersion");
    scanners = List.copyOf(scanners);
    notifiers = List.copyOf(notifiers);
  }
}

package dev.airlock.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a ledger's current decisions, and where the next page starts.
 *
 * @param decisions the decisions on this page, in the ledger's order
 * @param nextPageToken where the next page starts; empty on the last page
 */
public record DecisionPage(List<Decision> decisions, Optional<String> nextPageToken) {

  public DecisionPage {
    decisions = List.copyOf(decisions);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }

  /** The last page, holding {@code decisions}. */
  public static DecisionPage last(List<Decision> decisions) {
    return new DecisionPage(decisions, Optional.empty());
  }
}

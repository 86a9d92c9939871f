package dev.airlock.application.result;

import dev.airlock.domain.ClosureNode;
import java.util.Objects;
import java.util.Optional;

/**
 * How an outcome belongs to a release row's dependency closure.
 *
 * @param requested the release row ({@code top-pkg==1.0}) whose closure this artifact is part of
 * @param tree the whole closure with each artifact's verdict: on the requested package's own outcome only
 * @param blockedBecause why the artifact was not decided: a dependency was not approved (names it and why)
 */
public record ClosureReport(String requested, Optional<ClosureNode> tree, Optional<String> blockedBecause) {
  public ClosureReport {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(blockedBecause, "blockedBecause");
  }
}

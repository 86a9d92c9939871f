package dev.airlock.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One artifact of a requested release's dependency closure, as reports show it: what it is, its
 * verdict in this run (or the earlier one it reused), and the artifacts it needs.
 *
 * @param name the project name
 * @param version the resolved version
 * @param fileName the artifact's file name
 * @param sha256 the registry's digest, which the download matched
 * @param verdict APPROVED, REFUSED, ERROR, BLOCKED (not decided because a dependency was not approved)
 *     or IN_PROGRESS_ELSEWHERE
 * @param reused true when an earlier decision was reused instead of scanning again
 * @param reason why it was not approved, when it was not
 * @param uploadedAt when the registry says it was uploaded
 * @param yanked whether the registry yanked (or deprecated) it
 * @param licence the licence its metadata declares
 * @param dependencies the artifacts it needs in the target environment (a dependency seen earlier in
 *     the tree is listed again without its own dependencies)
 */
public record ClosureNode(String name, String version, String fileName, Sha256 sha256, String verdict, boolean reused,
    Optional<String> reason, Optional<Instant> uploadedAt, boolean yanked, Optional<String> licence,
    List<ClosureNode> dependencies) {

  public ClosureNode {
    dependencies = List.copyOf(dependencies);
  }

  /** Every node of the tree, this one first. */
  public List<ClosureNode> flatten() {
    List<ClosureNode> all = new java.util.ArrayList<>();
    all.add(this);
    dependencies.forEach(d -> all.addAll(d.flatten()));
    return all;
  }
}

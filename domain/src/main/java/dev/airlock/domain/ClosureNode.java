package dev.airlock.domain;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One artifact of a requested release's dependency closure, as reports and lock files show it: what
 * it is and where it came from, its verdict in this run (or the earlier one it reused), and the
 * artifacts it needs.
 *
 * @param ecosystem where it comes from: {@code pypi} or {@code npm}
 * @param name the project name
 * @param version the resolved version
 * @param fileName the artifact's file name
 * @param url where the registry serves it
 * @param sha256 its SHA-256: the registry's (which the download matched), else the download's, once fetched
 * @param integrity the registry's npm integrity ({@code sha512-…}), which the download matched
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
public record ClosureNode(String ecosystem, String name, String version, String fileName, URI url,
    Optional<Sha256> sha256, Optional<Integrity> integrity, String verdict, boolean reused, Optional<String> reason,
    Optional<Instant> uploadedAt, boolean yanked, Optional<String> licence, List<ClosureNode> dependencies) {

  public ClosureNode {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(url, "url");
    dependencies = List.copyOf(dependencies);
  }

  /** Every node of the tree, this one first (a node listed again appears again). */
  public List<ClosureNode> flatten() {
    List<ClosureNode> all = new ArrayList<>();
    all.add(this);
    dependencies.forEach(d -> all.addAll(d.flatten()));
    return all;
  }

  /** Whether it may be installed: approved now or by an earlier run. */
  public boolean isApproved() {
    return verdict.equals("APPROVED");
  }
}

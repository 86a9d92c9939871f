package dev.airlock.application.port.in;

import dev.airlock.domain.SeverityPolicy;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Input of one check.
 *
 * @param runId identifies the check in logs and reports
 * @param commit the commit checked (a pull request's head, lower-case hex), when one is known
 * @param policy the policy as the change would leave it (the pull request's own policy file)
 * @param policyBefore the policy before the change, present only when the change alters the policy:
 *     every verdict is then also worked out under it, so reviewers see what the change lets through
 */
public record CheckRequestsCommand(String runId, Optional<String> commit, SeverityPolicy policy,
    Optional<SeverityPolicy> policyBefore) {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

  public CheckRequestsCommand {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(policyBefore, "policyBefore");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId is blank");
    }
    commit = Objects.requireNonNull(commit, "commit").map(c -> c.strip().toLowerCase(Locale.ROOT));
    if (commit.isPresent() && !COMMIT.matcher(commit.get()).matches()) {
      throw new IllegalArgumentException("commit must be a commit id (7 to 64 hex digits)");
    }
    // A policy "before" equal to the policy changes no verdict: there is no policy change to show.
    policyBefore = policyBefore.filter(before -> !before.equals(policy));
  }

  /** A check under one policy, the change leaving it as it was. */
  public CheckRequestsCommand(String runId, Optional<String> commit, SeverityPolicy policy) {
    this(runId, commit, policy, Optional.empty());
  }

  /** True when the change alters the policy. */
  public boolean changesPolicy() {
    return policyBefore.isPresent();
  }
}

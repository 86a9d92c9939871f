package dev.airlock.application.result;

import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Waiver;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request's advice: what a run would decide under the change's policy, and, when the change
 * alters the policy, what the policy before it would decide.
 *
 * @param outcome the verdict under the change's policy; APPROVED and REFUSED here mean "would be"
 *     (nothing is published or recorded), ERROR means the check could not tell
 * @param beforePolicyChange the verdict under the policy before the change, when the change alters
 *     the policy and the request was scanned
 * @param addedWaivers the waivers the change adds that cover one of this request's findings
 */
public record RequestCheck(RequestOutcome outcome, Optional<ScanVerdict> beforePolicyChange,
    List<Waiver> addedWaivers) {

  /** How the change's own policy edit bears on a verdict. */
  public enum PolicyEffect {
    /** The verdict is the same with or without the policy change (or the policy did not change). */
    NONE,
    /** Approved only because of the change's policy edit (a waiver it adds, say). */
    APPROVED_BY_CHANGE,
    /** Refused only because of the change's policy edit (a stricter threshold, a removed waiver). */
    REFUSED_BY_CHANGE
  }

  public RequestCheck {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(beforePolicyChange, "beforePolicyChange");
    addedWaivers = List.copyOf(addedWaivers);
  }

  /** A request the policy change does not bear on. */
  public static RequestCheck of(RequestOutcome outcome) {
    return new RequestCheck(outcome, Optional.empty(), List.of());
  }

  /** Whether, and which way, the verdict depends on the change's policy edit. */
  public PolicyEffect policyEffect() {
    if (beforePolicyChange.isEmpty()) {
      return PolicyEffect.NONE;
    }
    ScanVerdict.Outcome before = beforePolicyChange.get().outcome();
    return switch (outcome.status()) {
      case APPROVED -> before == ScanVerdict.Outcome.REFUSED ? PolicyEffect.APPROVED_BY_CHANGE : PolicyEffect.NONE;
      case REFUSED -> before == ScanVerdict.Outcome.APPROVED ? PolicyEffect.REFUSED_BY_CHANGE : PolicyEffect.NONE;
      default -> PolicyEffect.NONE;
    };
  }
}

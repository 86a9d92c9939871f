package dev.airlock.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * InfoSec's rule for turning findings into a verdict: refuse when any finding is at or above the
 * threshold (default {@link Severity#MEDIUM}) unless an active waiver covers it.
 *
 * <pre>{@code
 * SeverityPolicy policy = SeverityPolicy.refusingAtOrAbove(Severity.HIGH);
 * ScanVerdict verdict = policy.evaluate("requests", findings, LocalDate.now());
 * boolean publish = verdict.isApproved();
 * }</pre>
 */
@Value.Immutable
public abstract class SeverityPolicy {
  private static final SeverityPolicy DEFAULT = builder().build();

  /** Findings at or above this severity refuse the package. */
  @Value.Default
  public Severity threshold() {
    return Severity.MEDIUM;
  }

  public abstract List<Waiver> waivers();

  /** The guidance's policy: refuse at MEDIUM or above, no waivers. */
  public static SeverityPolicy defaultPolicy() {
    return DEFAULT;
  }

  /** A policy with the given threshold and no waivers. */
  public static SeverityPolicy refusingAtOrAbove(Severity threshold) {
    return builder().threshold(threshold).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides on one package's findings as of {@code today}. The verdict is never ERROR: scanner
   * failures are the caller's to turn into {@link ScanVerdict#error(String)}.
   */
  public ScanVerdict evaluate(String packageName, Collection<Finding> findings, LocalDate today) {
    return evaluate(PackageFacts.of(packageName), findings, today);
  }

  /**
   * Decides on one package's findings as of {@code today}, matching waivers against what is known of
   * it ({@code facts}: a waiver for some versions or one content covers only those).
   */
  public ScanVerdict evaluate(PackageFacts facts, Collection<Finding> findings, LocalDate today) {
    List<Finding> blocking = new ArrayList<>();
    List<Finding> waived = new ArrayList<>();
    Set<Waiver> expired = new LinkedHashSet<>();
    for (Finding finding : findings) {
      if (!finding.severity().isAtLeast(threshold())) {
        continue;
      }
      Optional<Waiver> active = waivers().stream()
          .filter(w -> w.covers(facts, finding) && w.isActiveOn(today))
          .findFirst();
      if (active.isPresent()) {
        waived.add(finding);
      } else {
        blocking.add(finding);
        waivers().stream()
            .filter(w -> w.covers(facts, finding) && !w.isActiveOn(today))
            .forEach(expired::add);
      }
    }
    return ScanVerdict.decided(findings, blocking, waived, expired);
  }

  /**
   * Whether deciding on {@code packageName} needs facts only the archive's own metadata gives (its
   * version, when {@code fromRegistry} is false and a waiver for it names versions).
   */
  public boolean needsArchiveMetadata(String packageName, boolean fromRegistry) {
    return !fromRegistry && waivers().stream().anyMatch(w -> w.versions().isPresent()
        && (Waiver.ANY_PACKAGE.equals(w.packageName())
            || PackageNames.normalise(w.packageName()).equals(PackageNames.normalise(packageName))));
  }

  /** The waivers that are past their expiry date on {@code today}. */
  public List<Waiver> expiredWaivers(LocalDate today) {
    return waivers().stream().filter(w -> !w.isActiveOn(today)).toList();
  }

  /** Builds a {@link SeverityPolicy}. */
  public static final class Builder extends ImmutableSeverityPolicy.Builder {}
}

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

  /** Whether the policy's supply-chain rules block (enforce) or are only reported (audit). */
  public enum Mode {
    /** Every rule decides. */
    ENFORCE,
    /**
     * The supply-chain rules (minimum release age, licences, yanked, deprecated) are computed and
     * reported, marked as what enforcement would block, but block nothing. The threshold and
     * waivers on scanner findings still decide: audit never lets a scanner's blocking finding through.
     */
    AUDIT
  }

  @Value.Default
  public Mode mode() {
    return Mode.ENFORCE;
  }

  /** What to do about a supply-chain fact (a yanked or deprecated release). */
  public enum Action {
    /** Refuse the package (waivable by the rule's id). */
    REFUSE,
    /** Report it as a finding that never blocks. */
    WARN,
    /** Say nothing. */
    IGNORE
  }

  /**
   * How old a release must be before it is decided; absent, no minimum. Most malicious uploads are
   * found and removed within days, so a young release waits (DEFERRED) rather than being scanned.
   */
  public abstract Optional<java.time.Duration> minimumReleaseAge();

  /** Packages that need not wait for {@link #minimumReleaseAge()}. */
  public abstract List<ReleaseAgeExemption> releaseAgeExemptions();

  /** Which licences are accepted; absent, licences are not judged. */
  public abstract Optional<LicencePolicy> licences();

  /** What to do with a release the registry yanked. */
  @Value.Default
  public Action yanked() {
    return Action.IGNORE;
  }

  /** What to do with a deprecated release or project. */
  @Value.Default
  public Action deprecated() {
    return Action.IGNORE;
  }

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
    return evaluate(facts, findings, today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), false);
  }

  /**
   * Decides on one package's findings at {@code now}. In audit mode a release younger than the
   * minimum age is decided anyway, and its {@value PolicyRules#RELEASE_AGE} finding joins the
   * verdict's audit findings; in enforce mode the caller defers it before scanning ({@link #deferral}).
   */
  public ScanVerdict evaluate(PackageFacts facts, Collection<Finding> findings, java.time.Instant now) {
    return evaluate(facts, findings, now, true);
  }

  private ScanVerdict evaluate(PackageFacts facts, Collection<Finding> findings, java.time.Instant now,
      boolean judgeAge) {
    LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    List<Finding> audit = new ArrayList<>();
    if (judgeAge && mode() == Mode.AUDIT) {
      deferral(facts, now).ifPresent(d -> audit.addAll(d.findings()));
    }
    List<Finding> refusing = new ArrayList<>();
    // The policy's own findings are recomputed from the facts, so a verdict evaluated again stays the same.
    List<Finding> all = new ArrayList<>(findings.stream().filter(f -> !isPolicyFinding(f)).toList());
    for (PolicyFinding rule : supplyChainFindings(facts)) {
      all.add(rule.finding());
      if (rule.refuses()) {
        refusing.add(rule.finding());
      }
    }
    List<Finding> blocking = new ArrayList<>();
    List<Finding> waived = new ArrayList<>();
    Set<Waiver> expired = new LinkedHashSet<>();
    for (Finding finding : all) {
      boolean fromPolicy = isPolicyFinding(finding);
      if (fromPolicy ? !refusing.contains(finding) : !finding.severity().isAtLeast(threshold())) {
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
    if (mode() == Mode.AUDIT) {
      // What only the supply-chain rules block is reported as audit, and lets the package through.
      List<Finding> supplyChain = blocking.stream().filter(refusing::contains).toList();
      audit.addAll(supplyChain);
      blocking.removeAll(supplyChain);
    }
    return ScanVerdict.decided(all, blocking, waived, expired, audit);
  }

  /**
   * The DEFERRED verdict for a release younger than the minimum age at {@code now}, or empty when it
   * may be decided: no minimum, upload time unknown, old enough, or exempted. The verdict's finding
   * ({@value PolicyRules#RELEASE_AGE}) says when it was uploaded and when it becomes eligible.
   */
  public Optional<ScanVerdict> deferral(PackageFacts facts, java.time.Instant now) {
    if (minimumReleaseAge().isEmpty() || facts.uploadedAt().isEmpty()) {
      return Optional.empty();
    }
    java.time.Instant eligible = facts.uploadedAt().get().plus(minimumReleaseAge().get());
    LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    if (!now.isBefore(eligible) || releaseAgeExemptions().stream().anyMatch(e -> e.exempts(facts, today))) {
      return Optional.empty();
    }
    return Optional.of(ScanVerdict.deferred(eligible, Finding.builder().ruleId(PolicyRules.RELEASE_AGE)
        .title("Released " + facts.uploadedAt().get() + ", younger than the policy's minimum release age of "
            + PolicyDurations.describe(minimumReleaseAge().get()) + "; it becomes eligible on " + eligible)
        .severity(Severity.INFO).scanner(PolicyRules.SCANNER)
        .description("Most malicious uploads are found and removed within days of publication, so InfoSec's policy"
            + " waits before deciding on a new release. Nothing was downloaded, scanned or published.")
        .recommendation("Nothing to do: the first run on or after " + eligible + " decides it. If it cannot wait,"
            + " InfoSec can exempt the package (releaseAgeExemptions) with an approver and an expiry date.")
        .build()));
  }

  private static boolean isPolicyFinding(Finding finding) {
    return PolicyRules.SCANNER.equals(finding.scanner()) && PolicyRules.IDS.contains(finding.ruleId());
  }

  /** A finding of the policy's own rules, and whether it refuses (else it only informs). */
  private record PolicyFinding(Finding finding, boolean refuses) {}

  /** The licence, yanked and deprecated rules' findings on {@code facts}. */
  private List<PolicyFinding> supplyChainFindings(PackageFacts facts) {
    List<PolicyFinding> found = new ArrayList<>();
    licences().ifPresent(licences -> licenceFinding(licences, facts).ifPresent(found::add));
    if (facts.yanked() && yanked() != Action.IGNORE) {
      found.add(new PolicyFinding(policyFinding(PolicyRules.YANKED, yanked(),
          "The registry yanked this release" + facts.yankedReason().map(r -> ": " + r).orElse(""),
          "A yanked release was withdrawn by its maintainers, usually because it is broken or unsafe; pip does not"
              + " choose it unless pinned.",
          "Request a release that is not yanked, or ask InfoSec for a waiver of " + PolicyRules.YANKED + "."),
          yanked() == Action.REFUSE));
    }
    if (facts.deprecated().isPresent() && deprecated() != Action.IGNORE) {
      found.add(new PolicyFinding(policyFinding(PolicyRules.DEPRECATED, deprecated(),
          "The release is deprecated: " + facts.deprecated().get(),
          "Deprecated packages get no more fixes, security fixes included.",
          "Move to the maintained successor, or ask InfoSec for a waiver of " + PolicyRules.DEPRECATED + "."),
          deprecated() == Action.REFUSE));
    }
    return found;
  }

  private static Optional<PolicyFinding> licenceFinding(LicencePolicy licences, PackageFacts facts) {
    Optional<SpdxExpression> expression = facts.licence().flatMap(SpdxExpression::parse);
    if (expression.isEmpty()) {
      boolean refuse = licences.unknown() == LicencePolicy.Unknown.REFUSE;
      String declared = facts.licence().map(l -> "declares '" + clip(l) + "', which is not an SPDX expression")
          .orElse("declares no licence");
      return Optional.of(new PolicyFinding(Finding.builder().ruleId(PolicyRules.LICENSE_UNKNOWN)
          .title("Licence unknown: the package " + declared + (refuse ? "" : "; InfoSec reviews it"))
          .severity(refuse ? Severity.HIGH : Severity.LOW).scanner(PolicyRules.SCANNER)
          .description("The policy accepts only known licences; the package's metadata (License-Expression, License,"
              + " classifiers, or package.json's license) does not say which applies.")
          .recommendation(refuse ? "Ask the maintainers to declare an SPDX licence, or ask InfoSec to review the"
              + " licence and waive " + PolicyRules.LICENSE_UNKNOWN + " for this package."
              : "InfoSec: review the licence and record the result.")
          .build(), refuse));
    }
    LicencePolicy.Judgement judgement = licences.judge(expression.get());
    String declared = facts.licence().get();
    return switch (judgement.standing()) {
      case ALLOWED -> Optional.empty();
      case DENIED -> Optional.of(new PolicyFinding(Finding.builder().ruleId(PolicyRules.LICENSE_DENIED)
          .title("Licence " + String.join(", ", judgement.ids()) + " is denied by the policy (declared: "
              + clip(declared) + ")")
          .severity(Severity.HIGH).scanner(PolicyRules.SCANNER)
          .description("InfoSec's policy denies " + String.join(", ", licences.deny()) + ".")
          .recommendation("Choose a package under an accepted licence, or ask InfoSec (and Legal) for a waiver of "
              + PolicyRules.LICENSE_DENIED + ".")
          .build(), true));
      case NOT_ALLOWED -> Optional.of(new PolicyFinding(Finding.builder().ruleId(PolicyRules.LICENSE_NOT_ALLOWED)
          .title("Licence " + String.join(", ", judgement.ids()) + " is not on the policy's allow list (declared: "
              + clip(declared) + ")")
          .severity(Severity.HIGH).scanner(PolicyRules.SCANNER)
          .description("InfoSec's policy allows " + String.join(", ", licences.allow()) + ".")
          .recommendation("Choose a package under an allowed licence, or ask InfoSec to allow this licence or waive "
              + PolicyRules.LICENSE_NOT_ALLOWED + ".")
          .build(), true));
    };
  }

  private static Finding policyFinding(String rule, Action action, String title, String description,
      String recommendation) {
    return Finding.builder().ruleId(rule).title(title).severity(action == Action.REFUSE ? Severity.HIGH : Severity.LOW)
        .scanner(PolicyRules.SCANNER).description(description).recommendation(recommendation).build();
  }

  private static String clip(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= 120 ? line : line.substring(0, 119) + "…";
  }

  /**
   * Whether deciding on {@code packageName} needs facts only the archive's own metadata gives: its
   * licence and status when the policy judges them, its version when {@code fromRegistry} is false
   * and a waiver for it names versions.
   */
  public boolean needsArchiveMetadata(String packageName, boolean fromRegistry) {
    if (licences().isPresent() || deprecated() != Action.IGNORE) {
      return true; // the licence and the project's status are in the archive's own metadata
    }
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

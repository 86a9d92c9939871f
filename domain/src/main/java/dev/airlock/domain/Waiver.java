package dev.airlock.domain;

import java.time.LocalDate;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * InfoSec's written acceptance of one rule for one package until a date, as precise as InfoSec
 * wants: only some versions (a PEP 440 specifier set such as {@code >=2.0,<2.3}), only one content
 * (its SHA-256), only findings in some files (a {@link PathGlob}). A waiver applies up to and
 * including its expiry date; after that it no longer waives anything. A waiver that names versions
 * or a digest covers nothing whose version or digest is unknown: it fails closed.
 */
@Value.Immutable
public abstract class Waiver {
  /** The package name that waives a rule for every package. */
  public static final String ANY_PACKAGE = "*";

  /** The package the waiver is for, or {@code *} for every package. */
  public abstract String packageName();

  /** The rule id it waives. */
  public abstract String ruleId();

  /** Why the risk is accepted; required. */
  public abstract String justification();

  /** The last day the waiver applies. */
  public abstract LocalDate expires();

  /** The versions it covers, as a PEP 440 specifier set ({@code >=2.0,<2.3}, {@code ==1.4.2}); every version when absent. */
  public abstract Optional<String> versions();

  /** The one content it covers; any content when absent. */
  public abstract Optional<Sha256> sha256();

  /** The files inside the package whose findings it covers; every finding when absent. */
  public abstract Optional<PathGlob> path();

  /** Who in InfoSec approved it. */
  public abstract Optional<String> approver();

  public static Builder builder() {
    return new Builder();
  }

  /** True while {@code today} is on or before {@link #expires()}. */
  public boolean isActiveOn(LocalDate today) {
    return !today.isAfter(expires());
  }

  /** True when this waiver names the finding's rule and the package (ignoring expiry); see {@link #covers(PackageFacts, Finding)}. */
  public boolean covers(String packageName, Finding finding) {
    return covers(PackageFacts.of(packageName), finding);
  }

  /**
   * True when this waiver names the finding's rule and the package, and the package's version, content
   * and the finding's file are within what it names (ignoring expiry).
   */
  public boolean covers(PackageFacts facts, Finding finding) {
    boolean packageMatches = ANY_PACKAGE.equals(packageName())
        || PackageNames.normalise(packageName()).equals(PackageNames.normalise(facts.name()));
    if (!packageMatches || !ruleId().equals(finding.ruleId())) {
      return false;
    }
    if (versions().isPresent()
        && !facts.version().map(v -> PythonSpecifier.parse(versions().get()).contains(v)).orElse(false)) {
      return false;
    }
    if (sha256().isPresent() && !facts.sha256().equals(sha256())) {
      return false;
    }
    return path().isEmpty() || finding.path().map(p -> path().get().matches(p)).orElse(false);
  }

  /** What is wrong with {@code text} as a version range for a waiver, if anything. */
  public static Optional<String> versionsProblem(String text) {
    if (text.isBlank()) {
      return Optional.of("the version range is empty");
    }
    try {
      PythonSpecifier.parse(text);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Value.Check
  protected void check() {
    if (packageName().isBlank()) {
      throw new IllegalArgumentException("waiver packageName is blank");
    }
    if (ruleId().isBlank()) {
      throw new IllegalArgumentException("waiver for " + packageName() + ": ruleId is blank");
    }
    if (justification().isBlank()) {
      throw new IllegalArgumentException(
          "waiver for " + packageName() + "/" + ruleId() + ": justification is required");
    }
    versions().flatMap(Waiver::versionsProblem).ifPresent(problem -> {
      throw new IllegalArgumentException("waiver for " + packageName() + "/" + ruleId() + ": versions: " + problem);
    });
  }

  @Override
  public String toString() {
    return packageName() + versions().map(v -> " " + v).orElse("")
        + sha256().map(s -> " sha256:" + s.shortHex(12)).orElse("") + "/" + ruleId()
        + path().map(p -> " in " + p).orElse("") + " (until " + expires() + ")";
  }

  /** Builds a {@link Waiver}. */
  public static final class Builder extends ImmutableWaiver.Builder {}
}

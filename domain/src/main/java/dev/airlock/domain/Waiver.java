package dev.airlock.domain;

import java.time.LocalDate;
import org.immutables.value.Value;

/**
 * InfoSec's written acceptance of one rule for one package until a date. A waiver applies up to and
 * including its expiry date; after that it no longer waives anything.
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

  public static Builder builder() {
    return new Builder();
  }

  /** True while {@code today} is on or before {@link #expires()}. */
  public boolean isActiveOn(LocalDate today) {
    return !today.isAfter(expires());
  }

  /** True when this waiver names the finding's rule and the package (ignoring expiry). */
  public boolean covers(String packageName, Finding finding) {
    boolean packageMatches = ANY_PACKAGE.equals(packageName())
        || PackageNames.normalise(packageName()).equals(PackageNames.normalise(packageName));
    return packageMatches && ruleId().equals(finding.ruleId());
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
  }

  @Override
  public String toString() {
    return packageName() + "/" + ruleId() + " (until " + expires() + ")";
  }

  /** Builds a {@link Waiver}. */
  public static final class Builder extends ImmutableWaiver.Builder {}
}

package dev.airlock.domain;

import java.time.LocalDate;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * InfoSec's exemption of one package (optionally some of its versions) from the minimum release age
 * until a date, with who approved it and why: an urgent security fix need not wait a week.
 */
@Value.Immutable
public abstract class ReleaseAgeExemption {
  /** The package, or {@code *} for every package. */
  public abstract String packageName();

  /** Only these versions (a PEP 440 specifier set); every version when absent. */
  public abstract Optional<String> versions();

  public abstract String justification();

  /** Who in InfoSec approved it; required. */
  public abstract String approver();

  /** The last day it applies. */
  public abstract LocalDate expires();

  public static Builder builder() {
    return new Builder();
  }

  /** Whether it exempts the package {@code facts} describe on {@code today}. */
  public boolean exempts(PackageFacts facts, LocalDate today) {
    boolean name = Waiver.ANY_PACKAGE.equals(packageName())
        || PackageNames.normalise(packageName()).equals(PackageNames.normalise(facts.name()));
    boolean version = versions().isEmpty()
        || facts.version().map(v -> PythonSpecifier.parse(versions().get()).contains(v)).orElse(false);
    return name && version && !today.isAfter(expires());
  }

  @Value.Check
  protected void check() {
    if (packageName().isBlank() || justification().isBlank() || approver().isBlank()) {
      throw new IllegalArgumentException("a release-age exemption needs a package, a justification and an approver");
    }
    versions().flatMap(Waiver::versionsProblem).ifPresent(problem -> {
      throw new IllegalArgumentException("release-age exemption for " + packageName() + ": versions: " + problem);
    });
  }

  @Override
  public String toString() {
    return packageName() + versions().map(v -> " " + v).orElse("") + " (until " + expires() + ", approved by "
        + approver() + ")";
  }

  /** Builds a {@link ReleaseAgeExemption}. */
  public static final class Builder extends ImmutableReleaseAgeExemption.Builder {}
}

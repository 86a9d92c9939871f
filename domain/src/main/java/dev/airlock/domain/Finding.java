package dev.airlock.domain;

import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** One thing a scanner found in a package: which rule, how bad, where, and what to do about it. */
@Value.Immutable
public abstract class Finding {

  /** The rule or detector id, stable across runs (waivers name it). */
  public abstract String ruleId();

  /** A one-line title. */
  public abstract String title();

  public abstract Severity severity();

  /** The path of the file inside the package, when the finding has one. */
  public abstract Optional<String> path();

  /** The 1-based line in {@link #path()}, when known. */
  public abstract OptionalInt line();

  /** What was found and why it matters. */
  @Value.Default
  public String description() {
    return "";
  }

  /** What the requester or InfoSec should do. */
  @Value.Default
  public String recommendation() {
    return "";
  }

  /** The id of the scanner that reported it ({@code builtin}, {@code codeguru}, ...). */
  public abstract String scanner();

  /** {@code path:line}, {@code path} or {@code -}, for tables and messages. */
  public String location() {
    if (path().isEmpty()) {
      return "-";
    }
    return line().isPresent() ? path().get() + ":" + line().getAsInt() : path().get();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Value.Check
  protected void check() {
    if (ruleId().isBlank()) {
      throw new IllegalArgumentException("finding ruleId is blank");
    }
    if (scanner().isBlank()) {
      throw new IllegalArgumentException("finding scanner is blank");
    }
    if (line().isPresent() && line().getAsInt() < 1) {
      throw new IllegalArgumentException("finding line must be 1 or more, was " + line().getAsInt());
    }
  }

  /** Builds a {@link Finding}. */
  public static final class Builder extends ImmutableFinding.Builder {}
}

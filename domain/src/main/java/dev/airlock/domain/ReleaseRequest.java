package dev.airlock.domain;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A request-file row naming a release the way people think of it ({@code pandas==2.2.3},
 * {@code npm:lodash@4.17.21}): resolved through the registry to exact artifacts, with their whole
 * dependency closure.
 */
@Value.Immutable
public abstract class ReleaseRequest {
  /** Which registry the release comes from. */
  public enum Ecosystem {
    PYPI,
    NPM;

    /** {@code pypi} or {@code npm}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public abstract Ecosystem ecosystem();

  /** The project name as written ({@code pandas}, {@code @scope/name}). */
  public abstract String name();

  /** The exact version asked for. */
  public abstract String version();

  /** Python extras asked for ({@code pkg[extra]==1.0}), normalised. */
  public abstract Set<String> extras();

  @Value.Default
  public Requester requester() {
    return Requester.unknown();
  }

  /** The 1-based line of the request file. */
  public abstract OptionalInt line();

  /** The package's identity: the normalised name (PEP 503 for Python; npm names as they are). */
  @Value.Derived
  public String normalisedName() {
    return ecosystem() == Ecosystem.PYPI ? PackageNames.normalise(name()) : name();
  }

  /** How the row names it: {@code pandas==2.2.3} or {@code npm:lodash@4.17.21}. */
  public String spec() {
    return ecosystem() == Ecosystem.PYPI
        ? name() + (extras().isEmpty() ? "" : "[" + String.join(",", extras()) + "]") + "==" + version()
        : "npm:" + name() + "@" + version();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Value.Check
  protected void check() {
    if (ecosystem() == Ecosystem.PYPI) {
      if (!PythonFileNames.isValidProjectName(name())) {
        throw new IllegalArgumentException("'" + name() + "' is not a Python project name");
      }
      if (!PythonVersions.isValid(version())) {
        throw new IllegalArgumentException("'" + version() + "' is not a PEP 440 version");
      }
    } else {
      if (!NpmNames.isValidName(name())) {
        throw new IllegalArgumentException("'" + name() + "' is not an npm package name");
      }
      if (!NpmNames.isValidVersion(version())) {
        throw new IllegalArgumentException("'" + version() + "' is not an exact semver version");
      }
    }
  }

  @Override
  public String toString() {
    return spec();
  }

  /** Builds a {@link ReleaseRequest}. */
  public static final class Builder extends ImmutableReleaseRequest.Builder {}
}

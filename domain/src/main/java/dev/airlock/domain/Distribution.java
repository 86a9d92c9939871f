package dev.airlock.domain;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What an approved archive is, read from its own metadata rather than its URL: a Python sdist
 * ({@code PKG-INFO}), a Python wheel ({@code *.dist-info/METADATA}), an npm tarball
 * ({@code package/package.json}), or a generic archive known only by the request. Repositories
 * publish it under {@link #name()} and {@link #version()}, as {@link #fileName()}.
 */
@Value.Immutable
public abstract class Distribution {

  /** The kinds of archive Airlock publishes in their ecosystem's own format. */
  public enum Kind {
    PYTHON_SDIST,
    PYTHON_WHEEL,
    NPM_TARBALL,
    GENERIC;

    /** Whether pip installs it from an index. */
    public boolean isPython() {
      return this == PYTHON_SDIST || this == PYTHON_WHEEL;
    }
  }

  public abstract Kind kind();

  /** The name as the archive's metadata spells it; for a generic archive, the requested name. */
  public abstract String name();

  /** The version as the archive's metadata gives it; for a generic archive, one derived from the request. */
  public abstract String version();

  /** The file name to publish under: one pip and npm accept for this name and version. */
  public abstract String fileName();

  /** The Python core metadata ({@code PKG-INFO} or {@code METADATA}) of a Python distribution. */
  public abstract Optional<CoreMetadata> coreMetadata();

  /** The text of an npm tarball's {@code package.json}. */
  public abstract Optional<String> npmManifest();

  /** The licence a reader found outside core metadata (an npm tarball's {@code license}). */
  public abstract Optional<String> declaredLicence();

  /** A deprecation a reader found outside core metadata (an npm tarball's {@code deprecated}). */
  public abstract Optional<String> declaredDeprecation();

  /** The licence the package's own metadata declares (see {@link DeclaredLicence}), if any. */
  public Optional<String> licence() {
    return declaredLicence().or(() -> coreMetadata().flatMap(DeclaredLicence::of));
  }

  /** Why the package's own metadata says it is deprecated, if it does. */
  public Optional<String> deprecation() {
    return declaredDeprecation().or(() -> coreMetadata().flatMap(DeclaredLicence::deprecation));
  }

  /**
   * The name that identifies the package in its repository: PEP 503's normal form for Python and
   * generic archives ({@code tidy-stats}), the exact name for npm ({@code @scope/name}).
   */
  @Value.Derived
  public String normalisedName() {
    return kind() == Kind.NPM_TARBALL ? name() : PackageNames.normalise(name());
  }

  /**
   * Whether the archive's name is the name that was requested, compared as PEP 503 does (a scoped
   * npm name never equals a request's name, which has no scope).
   */
  public boolean hasName(String requestedName) {
    return PackageNames.normalise(name()).equals(PackageNames.normalise(requestedName));
  }

  /** The Python tag a wheel is built for ({@code py3}), or {@code source} for an sdist. */
  public Optional<String> pythonTag() {
    return switch (kind()) {
      case PYTHON_WHEEL -> PythonFileNames.parseWheel(fileName()).map(PythonFileNames.WheelName::pythonTag);
      case PYTHON_SDIST -> Optional.of("source");
      default -> Optional.empty();
    };
  }

  /** A generic archive: published as the request names it, {@code version} as derived from the request. */
  public static Distribution generic(String requestedName, String version, String fileName) {
    return builder().kind(Kind.GENERIC).name(requestedName).version(version).fileName(fileName).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Value.Check
  protected void check() {
    switch (kind()) {
      case PYTHON_SDIST, PYTHON_WHEEL -> {
        require(coreMetadata().isPresent(), "a Python distribution needs its core metadata");
        require(PythonFileNames.isValidProjectName(name()), "'" + name() + "' is not a valid Python project name");
        require(PythonVersions.isValid(version()), "'" + version() + "' is not a PEP 440 version");
        if (kind() == Kind.PYTHON_WHEEL) {
          require(PythonFileNames.parseWheel(fileName()).filter(w -> PythonFileNames.wheelNames(w, name(), version()))
              .isPresent(), "wheel file name " + fileName() + " does not name " + name() + " " + version());
        }
      }
      case NPM_TARBALL -> {
        require(npmManifest().isPresent(), "an npm tarball needs its package.json");
        require(NpmNames.isValidName(name()), "'" + name() + "' is not a valid npm package name");
        require(NpmNames.isValidVersion(version()), "'" + version() + "' is not a semantic version");
      }
      case GENERIC -> require(PackageNames.problem(name()).isEmpty(), "'" + name() + "' is not a valid package name");
    }
    require(!version().isBlank() && version().length() <= 128, "version must be 1 to 128 characters");
    // One path segment: no separators, never "." or "..", nothing hidden.
    require(fileName().matches("[A-Za-z0-9_+!-][A-Za-z0-9._+!-]{0,254}"), "'" + fileName()
        + "' is not a safe file name");
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }

  @Override
  public String toString() {
    return kind() + " " + name() + " " + version() + " (" + fileName() + ")";
  }

  /** Builds a {@link Distribution}. */
  public static final class Builder extends ImmutableDistribution.Builder {}
}

package dev.airlock.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * File-name rules of Python distributions that pip relies on: a wheel is
 * {@code {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl}, an sdist is
 * {@code {name}-{version}.tar.gz}; PEP 625's normal sdist name escapes the project name
 * ({@code tidy_stats-1.0.0.tar.gz}). Project names compare in PEP 503's normal form ({@link PackageNames}).
 */
public final class PythonFileNames {
  /** A project name as PEP 508 allows it. */
  private static final Pattern PROJECT_NAME =
      Pattern.compile("[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9]", Pattern.CASE_INSENSITIVE);
  private static final Pattern WHEEL_PART = Pattern.compile("[^\\s-]+");

  /** The parts of a wheel's file name. */
  public record WheelName(String name, String version, Optional<String> build, String pythonTag, String abiTag,
      String platformTag) {}

  private PythonFileNames() {}

  /** Whether {@code name} is a valid Python project name (PEP 508). */
  public static boolean isValidProjectName(String name) {
    return PROJECT_NAME.matcher(name).matches();
  }

  /** The parts of a wheel file name, or empty when {@code fileName} is not one. */
  public static Optional<WheelName> parseWheel(String fileName) {
    if (!fileName.toLowerCase(Locale.ROOT).endsWith(".whl")) {
      return Optional.empty();
    }
    String[] parts = fileName.substring(0, fileName.length() - 4).split("-", -1);
    if (parts.length != 5 && parts.length != 6) {
      return Optional.empty();
    }
    for (String part : parts) {
      if (!WHEEL_PART.matcher(part).matches()) {
        return Optional.empty();
      }
    }
    Optional<String> build = parts.length == 6 ? Optional.of(parts[2]) : Optional.empty();
    if (build.isPresent() && !Character.isDigit(build.get().charAt(0))) {
      return Optional.empty();
    }
    int tags = parts.length - 3;
    return Optional.of(new WheelName(parts[0], parts[1], build, parts[tags], parts[tags + 1], parts[tags + 2]));
  }

  /** Whether a wheel file name names this project and version (names by PEP 503, versions by PEP 440). */
  public static boolean wheelNames(WheelName wheel, String projectName, String version) {
    return PackageNames.normalise(wheel.name()).equals(PackageNames.normalise(projectName))
        && PythonVersions.same(wheel.version().replace('_', '-'), version);
  }

  /** A wheel's file name from its parts: {@code torch-2.5.1+cpu-cp311-cp311-manylinux_2_28_x86_64.whl}. */
  public static String wheel(WheelName wheel) {
    return wheel.name() + "-" + wheel.version().replace('-', '_') + wheel.build().map(b -> "-" + b).orElse("") + "-"
        + wheel.pythonTag() + "-" + wheel.abiTag() + "-" + wheel.platformTag() + ".whl";
  }

  /**
   * Whether {@code fileName} (an sdist: stem, then {@code extension}) is {@code {name}-{version}} for
   * this project and version, as pip reads sdist names when it finds them on an index.
   */
  public static boolean sdistNames(String fileName, String extension, String projectName, String version) {
    if (!fileName.toLowerCase(Locale.ROOT).endsWith(extension)) {
      return false;
    }
    String stem = fileName.substring(0, fileName.length() - extension.length());
    String project = PackageNames.normalise(projectName);
    for (int dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
      if (PackageNames.normalise(stem.substring(0, dash)).equals(project) && PythonVersions.same(stem.substring(dash + 1), version)) {
        return true;
      }
    }
    return false;
  }

  /** PEP 625's sdist file name: {@code tidy_stats-1.0.0.tar.gz} for {@code Tidy.Stats} 1.0.0. */
  public static String sdist(String projectName, String version, String extension) {
    return PackageNames.normalise(projectName).replace('-', '_') + "-" + version + extension;
  }
}

package dev.airlock.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * npm's rules for package names ({@code lodash}, {@code @scope/name}) and versions (semver), and the
 * file names npm gives tarballs.
 */
public final class NpmNames {
  /** What the registry accepts for a new package: lower case, URL-safe, optionally scoped. */
  private static final Pattern NAME =
      Pattern.compile("(?:@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*");
  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?"
          + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
  private static final int MAX_NAME = 214;

  private NpmNames() {}

  /** Whether {@code name} is a valid npm package name. */
  public static boolean isValidName(String name) {
    return name.length() <= MAX_NAME && NAME.matcher(name).matches();
  }

  /** Whether {@code version} is a valid semantic version, as npm publishes them. */
  public static boolean isValidVersion(String version) {
    return SEMVER.matcher(version).matches();
  }

  /** The scope of a scoped name without its {@code @} ({@code babel} for {@code @babel/core}). */
  public static Optional<String> scope(String name) {
    return name.startsWith("@") ? Optional.of(name.substring(1, name.indexOf('/'))) : Optional.empty();
  }

  /** The name without its scope ({@code core} for {@code @babel/core}). */
  public static String unscoped(String name) {
    return name.substring(name.indexOf('/') + 1);
  }

  /** The registry's tarball file name: {@code core-7.26.0.tgz} for {@code @babel/core} 7.26.0. */
  public static String tarball(String name, String version) {
    return unscoped(name) + "-" + version + ".tgz";
  }
}

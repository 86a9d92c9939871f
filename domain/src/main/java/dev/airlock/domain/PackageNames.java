package dev.airlock.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for package names in a request file: what is accepted, and the normal form used as the
 * package's identity (PEP 503 style: lower case, runs of {@code - _ .} become one {@code -}).
 */
public final class PackageNames {
  /** Longest accepted name; CodeArtifact allows 255, shorter keeps tags and paths readable. */
  public static final int MAX_LENGTH = 100;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  private PackageNames() {}

  /** The normal form of a valid name: {@code Foo_Bar.baz} becomes {@code foo-bar-baz}. */
  public static String normalise(String name) {
    return SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
  }

  /** Why {@code name} is not acceptable, or empty when it is. */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("package name is empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("package name is longer than " + MAX_LENGTH + " characters");
    }
    if (!VALID.matcher(name).matches()) {
      // The name is not echoed: a row with swapped columns would put a URL, maybe with a token, here.
      return Optional.of("package name may only hold letters, digits, '.', '_' and '-', "
          + "and must start and end with a letter or digit");
    }
    return Optional.empty();
  }
}

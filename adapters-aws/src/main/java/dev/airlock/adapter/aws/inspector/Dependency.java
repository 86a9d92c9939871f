package dev.airlock.adapter.aws.inspector;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One dependency a manifest declares.
 *
 * @param ecosystem where the package comes from
 * @param name its name, normalised for its ecosystem (PEP 503 for Python)
 * @param version the exact version when the manifest pins one
 * @param manifest the archive path of the manifest that declares it
 * @param optional whether it is only an extra, optional or group dependency
 */
record Dependency(Ecosystem ecosystem, String name, Optional<String> version, String manifest, boolean optional) {
  private static final Pattern PEP503_SEPARATORS = Pattern.compile("[-_.]+");

  /** The package ecosystems Airlock reads manifests of, with their package-URL type. */
  enum Ecosystem {
    PYPI("pypi"), NPM("npm");

    final String purlType;

    Ecosystem(String purlType) {
      this.purlType = purlType;
    }
  }

  static Dependency python(String name, Optional<String> version, String manifest, boolean optional) {
    return new Dependency(Ecosystem.PYPI, pep503(name), version, manifest, optional);
  }

  static Dependency npm(String name, Optional<String> version, String manifest, boolean optional) {
    return new Dependency(Ecosystem.NPM, name.strip(), version, manifest, optional);
  }

  /** {@code Foo_Bar.baz} becomes {@code foo-bar-baz} (PEP 503). */
  static String pep503(String name) {
    return PEP503_SEPARATORS.matcher(name.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
  }

  boolean pinned() {
    return version.isPresent();
  }
}

package dev.airlock.adapter.osv;

import java.util.Objects;

/**
 * What OSV knows a package by: its ecosystem, its name there and an exact version. This is all the
 * scanner sends out.
 *
 * @param ecosystem the ecosystem
 * @param name the name in that ecosystem (PyPI names normalised as PEP 503 says)
 * @param version the exact version
 */
public record PackageCoordinates(Ecosystem ecosystem, String name, String version) {

  public PackageCoordinates {
    Objects.requireNonNull(ecosystem, "ecosystem");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("package name is blank");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("package version is blank");
    }
  }

  @Override
  public String toString() {
    return ecosystem.osvName() + ":" + name + "@" + version;
  }
}

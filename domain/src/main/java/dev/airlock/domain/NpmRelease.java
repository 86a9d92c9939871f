package dev.airlock.domain;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One version of an npm package as the registry document (the "packument") lists it: its tarball and
 * the integrity the download must match, what it depends on, and what the policy may want to know
 * (publish time, deprecation, licence).
 *
 * @param name the package name ({@code lodash}, {@code @scope/name})
 * @param version the exact version
 * @param tarball where the registry serves the tarball ({@code dist.tarball})
 * @param integrity the registry's digest ({@code dist.integrity}, else {@code dist.shasum}): the pin
 * @param dependencies {@code dependencies}: name to range, as published
 * @param optionalDependencies {@code optionalDependencies}: installed only when they resolve and fit the platform
 * @param peerDependencies the peer dependencies npm installs (those {@code peerDependenciesMeta} does not mark optional)
 * @param bundled {@code bundleDependencies}: shipped inside the tarball, never fetched on their own
 * @param os the {@code os} field (empty: any)
 * @param cpu the {@code cpu} field (empty: any)
 * @param publishedAt when the version was published ({@code time[version]})
 * @param deprecated the deprecation message, when the version is deprecated
 * @param licence the {@code license} field
 */
public record NpmRelease(String name, String version, URI tarball, Integrity integrity,
    Map<String, String> dependencies, Map<String, String> optionalDependencies, Map<String, String> peerDependencies,
    Set<String> bundled, List<String> os, List<String> cpu, Optional<Instant> publishedAt,
    Optional<String> deprecated, Optional<String> licence) {

  public NpmRelease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(tarball, "tarball");
    Objects.requireNonNull(integrity, "integrity");
    dependencies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dependencies));
    optionalDependencies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(optionalDependencies));
    peerDependencies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(peerDependencies));
    bundled = Set.copyOf(bundled);
    os = List.copyOf(os);
    cpu = List.copyOf(cpu);
  }

  /** {@code name@version}. */
  public String id() {
    return name + "@" + version;
  }

  /** The tarball's file name as the registry names it ({@code core-7.26.0.tgz}). */
  public String fileName() {
    return NpmNames.tarball(name, version);
  }

  /**
   * Whether it installs on {@code os} and {@code cpu} (Node's {@code process.platform} and
   * {@code process.arch}): npm's rule, where {@code !x} excludes and any positive entry must match.
   */
  public boolean fitsPlatform(String targetOs, String targetCpu) {
    return fits(os, targetOs) && fits(cpu, targetCpu);
  }

  private static boolean fits(List<String> allowed, String value) {
    if (allowed.isEmpty()) {
      return true;
    }
    boolean anyPositive = false;
    for (String entry : allowed) {
      if (entry.startsWith("!")) {
        if (entry.substring(1).equals(value)) {
          return false;
        }
      } else {
        anyPositive = true;
        if (entry.equals(value)) {
          return true;
        }
      }
    }
    return !anyPositive;
  }
}

package dev.airlock.application.service;

import dev.airlock.domain.Integrity;
import dev.airlock.domain.NpmRelease;
import dev.airlock.domain.RegistryFile;
import dev.airlock.domain.ReleaseRequest;
import dev.airlock.domain.Sha256;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A release row's dependency closure as a resolver found it, whichever the registry: every artifact
 * by its key (a Python project's normalised name; {@code name@version} for npm, where one closure
 * may hold two versions of a package), the requested one first.
 */
record ResolvedClosure(ReleaseRequest requested, Map<String, Artifact> artifacts) {

  /**
   * One artifact of the closure: what to fetch, the pin the download must match, the registry's
   * metadata, and the keys of the artifacts it needs.
   */
  record Artifact(String key, String name, String version, String fileName, URI url, Optional<Sha256> sha256,
      Optional<Integrity> integrity, Optional<RegistryFile> registryFile, Optional<NpmRelease> npmRelease,
      Optional<String> licence, Set<String> needs) {

    /** When the registry says it was uploaded (published). */
    Optional<Instant> uploadedAt() {
      return registryFile.flatMap(RegistryFile::uploadedAt).or(() -> npmRelease.flatMap(NpmRelease::publishedAt));
    }

    /** Whether the registry yanked (PyPI) or deprecated (npm) it. */
    boolean yanked() {
      return registryFile.map(RegistryFile::yanked).orElse(false)
          || npmRelease.flatMap(NpmRelease::deprecated).isPresent();
    }
  }

  Artifact root() {
    return artifacts.values().iterator().next();
  }

  /** The artifact {@code key} names. */
  Artifact get(String key) {
    return artifacts.get(key);
  }
}

package dev.airlock.domain;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One file of one release as the registry lists it, with the digest the download must match.
 *
 * @param project the project name
 * @param version the release's version
 * @param fileName the file's name ({@code pkg-1.0-py3-none-any.whl})
 * @param url where to download it
 * @param sha256 the registry's digest: the pin
 * @param uploadedAt when it was uploaded, when the registry says
 * @param yanked whether the release is yanked (PEP 592) or deprecated (npm)
 * @param yankedReason why, when given
 * @param requiresPython the file's {@code Requires-Python}, when given
 */
public record RegistryFile(String project, String version, String fileName, URI url, Sha256 sha256,
    Optional<Instant> uploadedAt, boolean yanked, Optional<String> yankedReason, Optional<String> requiresPython) {

  public RegistryFile {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** A wheel ({@code .whl}). */
  public boolean isWheel() {
    return PythonFileNames.parseWheel(fileName).isPresent();
  }

  /** An sdist ({@code .tar.gz} or {@code .zip}). */
  public boolean isSdist() {
    String lower = fileName.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".tar.gz") || lower.endsWith(".zip");
  }
}

package dev.airlock.adapter.aws.codeartifact;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where approved packages go in CodeArtifact (generic format).
 *
 * @param domain the domain
 * @param domainOwner the account that owns the domain, when not the caller's
 * @param repository the repository
 * @param namespace the generic namespace packages are published under
 */
public record CodeArtifactSettings(String domain, Optional<String> domainOwner, String repository, String namespace) {
  /** The namespace used when none is configured. */
  public static final String DEFAULT_NAMESPACE = "airlock";
  private static final Pattern NAMESPACE = Pattern.compile("[^#/\\s]{1,255}");

  public CodeArtifactSettings {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(domainOwner, "domainOwner");
    if (domain.isBlank() || repository.isBlank()) {
      throw new IllegalArgumentException("CodeArtifact domain and repository are required");
    }
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("CodeArtifact namespace '" + namespace + "' is not valid");
    }
  }
}

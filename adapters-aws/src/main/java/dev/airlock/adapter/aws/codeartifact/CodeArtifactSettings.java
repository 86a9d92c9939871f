package dev.airlock.adapter.aws.codeartifact;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where approved packages go in CodeArtifact, and in which format.
 *
 * @param domain the domain
 * @param domainOwner the account that owns the domain, when not the caller's
 * @param repository the repository
 * @param namespace the generic namespace generic packages are published under
 * @param format {@link Format#NATIVE}: Python distributions as pypi, npm tarballs as npm, anything
 *     else generic; {@link Format#GENERIC}: everything generic
 */
public record CodeArtifactSettings(String domain, Optional<String> domainOwner, String repository, String namespace,
    Format format) {
  /** The namespace used when none is configured. */
  public static final String DEFAULT_NAMESPACE = "airlock";
  private static final Pattern NAMESPACE = Pattern.compile("[^#/\\s]{1,255}");

  /** How approved archives are published. */
  public enum Format {
    /** In their ecosystem's own format, so {@code pip install} and {@code npm install} find them. */
    NATIVE,
    /** As generic assets, fetched with {@code aws codeartifact get-package-version-asset} (the guidance's way). */
    GENERIC;

    /** The format named {@code value} ({@code native} or {@code generic}, any case). */
    public static Format parse(String value) {
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("CodeArtifact format '" + value + "' is not native or generic", e);
      }
    }
  }

  public CodeArtifactSettings {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(domainOwner, "domainOwner");
    Objects.requireNonNull(format, "format");
    if (domain.isBlank() || repository.isBlank()) {
      throw new IllegalArgumentException("CodeArtifact domain and repository are required");
    }
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("CodeArtifact namespace '" + namespace + "' is not valid");
    }
  }
}

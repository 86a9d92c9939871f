package dev.airlock.domain;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** One row of a request file: a package name, where to fetch it, an optional pinned digest, and who asked. */
@Value.Immutable
public abstract class PackageRequest {

  /** The name as the requester wrote it. */
  public abstract String name();

  /** Where the archive comes from. Untrusted: the fetcher decides whether it may be reached. */
  public abstract URI url();

  /** The SHA-256 the archive must have, when the requester pinned one. */
  public abstract Optional<Sha256> sha256();

  /**
   * What a pull request's check saw for this row, when the row pins no SHA-256 and was checked before
   * its merge: the merge's content must be the same.
   */
  public abstract Optional<CheckedContent> checkedContent();

  /** The SHA-256 the fetched content must have: the pinned one, else the one the check saw. */
  public Optional<Sha256> expectedSha256() {
    return sha256().or(() -> checkedContent().map(CheckedContent::sha256));
  }

  @Value.Default
  public Requester requester() {
    return Requester.unknown();
  }

  /**
   * The registry's word on this artifact, when it was resolved from a release row ({@code pandas==2.2.3}):
   * upload time, yanked flag and reason, for the policy to use.
   */
  public abstract Optional<RegistryFile> registryFile();

  /**
   * The npm registry's word on this tarball, when it was resolved from an npm release row
   * ({@code npm:lodash@4.17.21}): publish time, deprecation and licence, for the policy to use.
   */
  public abstract Optional<NpmRelease> npmRelease();

  /**
   * The registry's digest the download must match, when the registry publishes one that is not a
   * SHA-256 (npm's {@code dist.integrity}): a download that does not match it is an ERROR.
   */
  public abstract Optional<Integrity> integrity();

  /** The release row this artifact belongs to the closure of ({@code top-pkg==1.0}), when it does. */
  public abstract Optional<String> neededFor();

  /** The 1-based line of the request file this request came from, when it came from a file. */
  public abstract OptionalInt line();

  /** The package's identity: {@link PackageNames#normalise(String) normalised} name. */
  @Value.Derived
  public String normalisedName() {
    return PackageNames.normalise(name());
  }

  /** The URL for people to read, without what may carry tokens (see {@link DisplayUrls}). */
  public String displayUrl() {
    return DisplayUrls.of(url());
  }

  /** What identifies this request before its content is known: normalised name and URL. */
  public RequestKey key() {
    return RequestKey.of(normalisedName(), url().toString());
  }

  public static Builder builder() {
    return new Builder();
  }

  @Value.Check
  protected void check() {
    PackageNames.problem(name()).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    if (!url().isAbsolute()) {
      throw new IllegalArgumentException("package url must be absolute");
    }
  }

  @Override
  public String toString() {
    return name() + " (" + url() + ")";
  }

  /** Builds a {@link PackageRequest}. */
  public static final class Builder extends ImmutablePackageRequest.Builder {}
}

package dev.airlock.domain;

import org.immutables.value.Value;

/** Where an approved package was published, and how a requester installs it. */
@Value.Immutable
public abstract class Publication {

  /** The kind of repository: {@code file}, {@code codeartifact}, {@code github}. */
  public abstract String repository();

  /** The normalised package name in that repository. */
  public abstract String packageName();

  public abstract String version();

  /** The published file's name. */
  public abstract String assetName();

  public abstract Sha256 sha256();

  /** A path, ARN or URL that locates the published asset. */
  public abstract String location();

  /** The exact commands a requester runs to fetch and install it. */
  public abstract String installInstructions();

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Publication}. */
  public static final class Builder extends ImmutablePublication.Builder {}
}

package dev.airlock.domain;

import org.immutables.value.Value;

/** Identifies a request before its content is fetched: normalised package name and URL. */
@Value.Immutable
public abstract class RequestKey {

  @Value.Parameter
  public abstract String normalisedName();

  @Value.Parameter
  public abstract String url();

  public static RequestKey of(String normalisedName, String url) {
    return ImmutableRequestKey.of(normalisedName, url);
  }

  /** The decision key once the content's digest is known. */
  public DecisionKey withContent(Sha256 sha256) {
    return DecisionKey.of(this, sha256);
  }

  @Override
  public String toString() {
    return normalisedName() + "@" + url();
  }
}

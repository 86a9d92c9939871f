package dev.airlock.domain;

import java.net.URI;
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

  /**
   * {@code name@url} for messages, logs and reports: the URL as {@link DisplayUrls} shows it, since
   * ledger messages and claim conflicts quote keys and a query can carry a token.
   */
  @Override
  public String toString() {
    String shown;
    try {
      shown = DisplayUrls.of(URI.create(url()));
    } catch (IllegalArgumentException e) {
      shown = "(unreadable URL)";
    }
    return normalisedName() + "@" + shown;
  }
}

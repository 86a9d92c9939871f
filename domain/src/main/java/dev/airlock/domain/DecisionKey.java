package dev.airlock.domain;

import org.immutables.value.Value;

/**
 * Identifies a decision: normalised name, URL and content SHA-256. A request whose decision key
 * already has a decision is not processed again.
 */
@Value.Immutable
public abstract class DecisionKey {

  @Value.Parameter
  public abstract RequestKey request();

  @Value.Parameter
  public abstract Sha256 sha256();

  public static DecisionKey of(RequestKey request, Sha256 sha256) {
    return ImmutableDecisionKey.of(request, sha256);
  }

  @Override
  public String toString() {
    return request() + "#" + sha256().shortHex(12);
  }
}

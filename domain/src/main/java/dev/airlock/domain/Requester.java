package dev.airlock.domain;

import java.util.Optional;
import org.immutables.value.Value;

/** Who asked for a package: a login (or name) and, when known, an e-mail address. */
@Value.Immutable
public abstract class Requester {
  private static final Requester UNKNOWN = builder().id("unknown").build();

  /** The requester's login or name, as the request source knows it. */
  public abstract String id();

  /** The requester's e-mail address, when the request source gives one. */
  public abstract Optional<String> email();

  /** Used when the request source cannot tell who asked (a plain file, say). */
  public static Requester unknown() {
    return UNKNOWN;
  }

  /** A requester known only by login or name. */
  public static Requester of(String id) {
    return builder().id(id).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Value.Check
  protected void check() {
    if (id().isBlank()) {
      throw new IllegalArgumentException("requester id is blank");
    }
  }

  @Override
  public String toString() {
    return email().map(e -> id() + " <" + e + ">").orElse(id());
  }

  /** Builds a {@link Requester}. */
  public static final class Builder extends ImmutableRequester.Builder {}
}

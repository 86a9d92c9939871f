package dev.airlock.domain;

import java.util.Optional;
import org.immutables.value.Value;

/** Who asked for a package: a login (or name) and, when known, an e-mail address. */
@Value.Immutable
public abstract class Requester {
  private static final Requester UNKNOWN = builder().id("unknown").build();
  private static final Requester OUTSIDE_CHANGE = builder().id("unknown").outsideThisChange(true).build();

  /** The requester's login or name, as the request source knows it. */
  public abstract String id();

  /** The requester's e-mail address, when the request source gives one. */
  public abstract Optional<String> email();

  /**
   * True when the request source knows this row was not added by the change that started the run
   * (a push that did not touch it): whoever asked did so earlier, and the ledger's decision for
   * that content names them.
   */
  @Value.Default
  public boolean outsideThisChange() {
    return false;
  }

  /** A row the change that started this run did not add: asked for earlier, by someone not known here. */
  public static Requester outsideChange() {
    return OUTSIDE_CHANGE;
  }

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
    String who = email().map(e -> id() + " <" + e + ">").orElse(id());
    return outsideThisChange() ? who + " (asked before this change)" : who;
  }

  /** Builds a {@link Requester}. */
  public static final class Builder extends ImmutableRequester.Builder {}
}

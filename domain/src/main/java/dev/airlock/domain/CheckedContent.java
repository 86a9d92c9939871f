package dev.airlock.domain;

import org.immutables.value.Value;

/**
 * The content a pull request's check saw for a row that pins no SHA-256: an observation, never a
 * decision. The merge's run fetches and scans the row again; a different SHA-256 then means the
 * upstream file changed between check and merge, and the row ends in ERROR instead of publishing
 * something nobody checked.
 */
@Value.Immutable
public abstract class CheckedContent {

  /** The SHA-256 the check fetched. */
  @Value.Parameter
  public abstract Sha256 sha256();

  /** Which check saw it, for messages ({@code the check of pull request #7}). */
  @Value.Parameter
  public abstract String checkedBy();

  public static CheckedContent of(Sha256 sha256, String checkedBy) {
    return ImmutableCheckedContent.of(sha256, checkedBy);
  }

  @Value.Check
  protected void check() {
    if (checkedBy().isBlank()) {
      throw new IllegalArgumentException("checked content needs the check that saw it");
    }
  }
}

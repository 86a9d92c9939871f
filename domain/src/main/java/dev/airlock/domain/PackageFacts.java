package dev.airlock.domain;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What the policy knows about one artifact besides its findings: its name, version and content
 * digest (which precise waivers match), and the release facts the registry or the package's own
 * metadata give (upload time, yanked, deprecated, licence), which the supply-chain rules judge.
 * Everything but the name may be unknown; a rule that needs an unknown fact says so.
 */
@Value.Immutable
public abstract class PackageFacts {

  /** The package name as requested. */
  public abstract String name();

  /** The version, when the registry or the archive's metadata gives one. */
  public abstract Optional<String> version();

  /** The content's SHA-256, once fetched. */
  public abstract Optional<Sha256> sha256();

  /** When the release was uploaded, as the registry says. */
  public abstract Optional<Instant> uploadedAt();

  /** Whether the registry yanked the release (PEP 592). */
  @Value.Default
  public boolean yanked() {
    return false;
  }

  /** The registry's reason for yanking, when it gives one. */
  public abstract Optional<String> yankedReason();

  /** Why the release is deprecated, when it is (npm's message, or the project's "Inactive" status). */
  public abstract Optional<String> deprecated();

  /** The licence the package metadata declares: an SPDX expression, or free text when that is all there is. */
  public abstract Optional<String> licence();

  /** Facts that name only the package. */
  public static PackageFacts of(String name) {
    return builder().name(name).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link PackageFacts}. */
  public static final class Builder extends ImmutablePackageFacts.Builder {}
}

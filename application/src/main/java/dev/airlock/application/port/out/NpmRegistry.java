package dev.airlock.application.port.out;

import dev.airlock.application.port.PortException;
import dev.airlock.domain.NpmRelease;
import java.util.List;

/**
 * The npm registry's package documents (registry.npmjs.org or a company mirror) and npm's own rule
 * for which version a dependency's range picks, so a closure resolves as {@code npm install} would
 * without running any package code.
 */
public interface NpmRegistry {

  /**
   * The versions of {@code name} that {@code spec} (a semver range such as {@code ^1.2.0}, an exact
   * version, or a dist-tag such as {@code latest}) accepts, in the order npm prefers them: the
   * {@code latest} tag first when it is accepted and not deprecated, then versions not deprecated,
   * newest first, then deprecated ones. Empty when none is accepted.
   *
   * @throws PortException when the registry cannot be reached or answers nonsense, the package does
   *     not exist, or {@code spec} is no registry range (a git, file or URL dependency; the message says so)
   */
  List<NpmRelease> candidates(String name, String spec) throws PortException;
}

package dev.airlock.application.testing;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.domain.Distribution;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DistributionReader} that reads no archive: every archive is generic (the requested name,
 * the fallback version, the fetched file name) unless told to identify it as a given distribution
 * or to fail. Records the fallback versions it was offered.
 */
public final class ScriptedDistributionReader implements DistributionReader {
  private volatile Distribution identified;
  private volatile PortException failure;
  private final List<String> fallbackVersions = new CopyOnWriteArrayList<>();

  /** Every archive generic. */
  public static ScriptedDistributionReader generic() {
    return new ScriptedDistributionReader();
  }

  /** Every archive is {@code distribution}. */
  public ScriptedDistributionReader identifyingAs(Distribution distribution) {
    this.identified = distribution;
    return this;
  }

  /** Every read fails with {@code failure}. */
  public ScriptedDistributionReader failingWith(PortException failure) {
    this.failure = failure;
    return this;
  }

  @Override
  public Distribution read(FetchedArtifact artifact, String requestedName, String fallbackVersion)
      throws PortException {
    fallbackVersions.add(fallbackVersion);
    if (failure != null) {
      throw failure;
    }
    return identified != null ? identified : Distribution.generic(requestedName, fallbackVersion, artifact.fileName());
  }

  /** The fallback versions offered, one per read. */
  public List<String> fallbackVersions() {
    return List.copyOf(fallbackVersions);
  }
}

package dev.airlock.application.testing;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PackageRepository} in memory: records every publish call, finds what was published (or
 * preloaded) by name and SHA-256, and can be told to fail.
 */
public final class InMemoryPackageRepository implements PackageRepository {
  /** The id this repository reports. */
  public static final String ID = "memory";

  private final Map<String, Publication> byNameAndSha = new ConcurrentHashMap<>();
  private final List<Publication> published = new CopyOnWriteArrayList<>();
  private volatile PortException publishFailure;

  @Override
  public String id() {
    return ID;
  }

  /** Makes every later publish fail with {@code failure}; {@code null} makes it work again. */
  public InMemoryPackageRepository failPublishWith(PortException failure) {
    this.publishFailure = failure;
    return this;
  }

  /** Pretends {@code publication} was published by an earlier run. */
  public InMemoryPackageRepository preload(Publication publication) {
    byNameAndSha.put(keyOf(publication.packageName(), publication.sha256()), publication);
    return this;
  }

  @Override
  public Optional<Publication> findBySha256(Distribution distribution, Sha256 sha256) {
    return Optional.ofNullable(byNameAndSha.get(keyOf(distribution.normalisedName(), sha256)));
  }

  @Override
  public Publication publish(PackageRequest request, Distribution distribution, FetchedArtifact artifact,
      ScanVerdict verdict) throws PortException {
    if (publishFailure != null) {
      throw publishFailure;
    }
    Publication publication = TestData.publication(distribution.normalisedName(), distribution.version(),
        distribution.fileName(), artifact.sha256());
    published.add(publication);
    byNameAndSha.put(keyOf(publication.packageName(), publication.sha256()), publication);
    return publication;
  }

  /** Every publication made through {@link #publish}, in order (preloaded ones excluded). */
  public List<Publication> published() {
    return List.copyOf(published);
  }

  private static String keyOf(String normalisedName, Sha256 sha256) {
    return normalisedName + "#" + sha256.hex();
  }
}

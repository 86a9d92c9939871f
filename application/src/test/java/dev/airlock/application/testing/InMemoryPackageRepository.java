package dev.airlock.application.testing;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PackageRepository} in memory: records every publish and withdrawal, finds what was
 * published (or preloaded) by name and SHA-256, reads back the bytes it holds, and can be told to fail.
 */
public final class InMemoryPackageRepository implements PackageRepository {
  /** The id this repository reports. */
  public static final String ID = "memory";

  private final Map<String, Publication> byNameAndSha = new ConcurrentHashMap<>();
  private final List<Publication> published = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
  private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
  private final List<Publication> withdrawals = new CopyOnWriteArrayList<>();
  private volatile PortException publishFailure;
  private volatile PortException withdrawFailure;

  @Override
  public String id() {
    return ID;
  }

  /** Makes every later publish fail with {@code failure}; {@code null} makes it work again. */
  public InMemoryPackageRepository failPublishWith(PortException failure) {
    this.publishFailure = failure;
    return this;
  }

  /** Makes every later withdrawal fail with {@code failure}; {@code null} makes it work again. */
  public InMemoryPackageRepository failWithdrawWith(PortException failure) {
    this.withdrawFailure = failure;
    return this;
  }

  /** Pretends {@code publication} of {@code content} was published by an earlier run. */
  public InMemoryPackageRepository preload(Publication publication, byte[] content) {
    contents.put(keyOf(publication.packageName(), publication.sha256()), content.clone());
    return preload(publication);
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
    try (InputStream in = artifact.openStream()) {
      if (in != null) { // a mocked artifact has no bytes to keep
        contents.put(keyOf(publication.packageName(), publication.sha256()), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    published.add(publication);
    byNameAndSha.put(keyOf(publication.packageName(), publication.sha256()), publication);
    return publication;
  }

  @Override
  public FetchedArtifact fetch(Publication publication) throws PortException {
    String key = keyOf(publication.packageName(), publication.sha256());
    byte[] content = contents.get(key);
    if (content == null || withdrawn.contains(key)) {
      throw new PortException(publication.packageName() + " " + publication.version() + " is not in memory");
    }
    return new InMemoryFetchedArtifact(publication.assetName(), content);
  }

  @Override
  public boolean withdraw(Publication publication, String reason) throws PortException {
    if (withdrawFailure != null) {
      throw withdrawFailure;
    }
    String key = keyOf(publication.packageName(), publication.sha256());
    if (!withdrawn.add(key)) {
      return false;
    }
    byNameAndSha.remove(key);
    withdrawals.add(publication);
    return true;
  }

  /** Replaces the bytes held for {@code publication}, as if someone tampered with the repository. */
  public InMemoryPackageRepository tamper(Publication publication, byte[] content) {
    contents.put(keyOf(publication.packageName(), publication.sha256()), content.clone());
    return this;
  }

  /** Every publication withdrawn through {@link #withdraw}, in order. */
  public List<Publication> withdrawals() {
    return List.copyOf(withdrawals);
  }

  /** Every publication made through {@link #publish}, in order (preloaded ones excluded). */
  public List<Publication> published() {
    return List.copyOf(published);
  }

  private static String keyOf(String normalisedName, Sha256 sha256) {
    return normalisedName + "#" + sha256.hex();
  }
}

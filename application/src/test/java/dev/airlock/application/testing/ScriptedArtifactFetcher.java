package dev.airlock.application.testing;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.domain.PackageRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link ArtifactFetcher} that serves scripted bytes or failures per package name, and remembers
 * every fetch and every artifact it handed out. Thread-safe: the service fetches concurrently.
 */
public final class ScriptedArtifactFetcher implements ArtifactFetcher {
  private final byte[] defaultContent;
  private final Map<String, byte[]> contentByName = new ConcurrentHashMap<>();
  private final Map<String, Exception> failureByName = new ConcurrentHashMap<>();
  private final List<PackageRequest> fetched = new CopyOnWriteArrayList<>();
  private final List<InMemoryFetchedArtifact> artifacts = new CopyOnWriteArrayList<>();

  private ScriptedArtifactFetcher(byte[] defaultContent) {
    this.defaultContent = defaultContent.clone();
  }

  /** A fetcher that serves {@code content} for every request not scripted otherwise. */
  public static ScriptedArtifactFetcher serving(byte[] content) {
    return new ScriptedArtifactFetcher(content);
  }

  /** Serves {@code content} for the package named {@code name}. */
  public ScriptedArtifactFetcher content(String name, byte[] content) {
    contentByName.put(name, content.clone());
    return this;
  }

  /** Fails every fetch of the package named {@code name} with {@code failure}. */
  public ScriptedArtifactFetcher failure(String name, PortException failure) {
    failureByName.put(name, failure);
    return this;
  }

  /** Crashes every fetch of the package named {@code name} with {@code crash}. */
  public ScriptedArtifactFetcher crash(String name, RuntimeException crash) {
    failureByName.put(name, crash);
    return this;
  }

  @Override
  public FetchedArtifact fetch(PackageRequest request) throws PortException {
    fetched.add(request);
    Exception failure = failureByName.get(request.name());
    if (failure instanceof PortException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    byte[] content = contentByName.getOrDefault(request.name(), defaultContent);
    var artifact = new InMemoryFetchedArtifact(fileNameOf(request), content);
    artifacts.add(artifact);
    return artifact;
  }

  /** Every request fetched, in the order the fetches started. */
  public List<PackageRequest> fetched() {
    return List.copyOf(fetched);
  }

  /** The names of the packages fetched. */
  public List<String> fetchedNames() {
    return fetched.stream().map(PackageRequest::name).toList();
  }

  /** Every artifact handed out. */
  public List<InMemoryFetchedArtifact> artifacts() {
    return List.copyOf(artifacts);
  }

  private static String fileNameOf(PackageRequest request) {
    String path = request.url().getPath();
    String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() ? request.normalisedName() + ".tar.gz" : last;
  }
}

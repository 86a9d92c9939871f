package dev.airlock.application.testing;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.domain.Finding;
import dev.airlock.domain.PackageRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SecurityScanner} that reports scripted findings or failures per package name (nothing
 * for the rest), and remembers what it scanned and whether the artifact was still open then.
 */
public final class ScriptedSecurityScanner implements SecurityScanner {
  private final String id;
  private final Map<String, List<Finding>> findingsByName = new ConcurrentHashMap<>();
  private final Map<String, Exception> failureByName = new ConcurrentHashMap<>();
  private volatile Exception failureForAll;
  private final List<String> scanned = new CopyOnWriteArrayList<>();
  private final List<Boolean> artifactOpenWhenScanned = new CopyOnWriteArrayList<>();

  private ScriptedSecurityScanner(String id) {
    this.id = id;
  }

  /** A scanner that finds nothing until told otherwise. */
  public static ScriptedSecurityScanner withId(String id) {
    return new ScriptedSecurityScanner(id);
  }

  /** Reports {@code findings} for the package named {@code name}. */
  public ScriptedSecurityScanner reporting(String name, Finding... findings) {
    findingsByName.put(name, List.of(findings));
    return this;
  }

  /** Fails the scan of the package named {@code name} with {@code failure}. */
  public ScriptedSecurityScanner failing(String name, PortException failure) {
    failureByName.put(name, failure);
    return this;
  }

  /** Crashes the scan of the package named {@code name} with {@code crash}. */
  public ScriptedSecurityScanner crashing(String name, RuntimeException crash) {
    failureByName.put(name, crash);
    return this;
  }

  /** Fails every scan with {@code failure} (a {@link PortException} or a {@link RuntimeException}). */
  public ScriptedSecurityScanner failingEverything(Exception failure) {
    this.failureForAll = failure;
    return this;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<Finding> scan(PackageRequest request, FetchedArtifact artifact) throws PortException {
    scanned.add(request.name());
    artifactOpenWhenScanned.add(!(artifact instanceof InMemoryFetchedArtifact a) || !a.isClosed());
    Exception failure = failureForAll != null ? failureForAll : failureByName.get(request.name());
    if (failure instanceof PortException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    return findingsByName.getOrDefault(request.name(), List.of());
  }

  /** The names of the packages scanned, in order. */
  public List<String> scanned() {
    return List.copyOf(scanned);
  }

  /** True when every scan saw an artifact that was not closed yet. */
  public boolean sawOnlyOpenArtifacts() {
    return !artifactOpenWhenScanned.contains(false);
  }
}

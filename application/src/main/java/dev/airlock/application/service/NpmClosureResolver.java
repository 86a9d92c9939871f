package dev.airlock.application.service;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.NpmRegistry;
import dev.airlock.domain.NpmNames;
import dev.airlock.domain.NpmRelease;
import dev.airlock.domain.ReleaseRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Resolves an npm release row ({@code npm:some-pkg@1.0.0}) to the tarballs {@code npm install} would
 * fetch for it on the target platform (Linux x64, as SageMaker Studio runs), from the registry's
 * package documents only: nothing is installed, no script runs. Breadth first, each package's
 * dependencies by name, as npm's tree builder takes them; a range a version already chosen for that
 * package satisfies reuses it (npm dedupes to it), otherwise the version npm's manifest picker would
 * take (the registry port's first candidate) joins the closure, beside any other version of the same
 * package. Optional dependencies come in only when they resolve and fit the platform; peer
 * dependencies npm installs (not marked optional) come in like dependencies; bundled ones ship
 * inside their tarball.
 */
final class NpmClosureResolver {
  /** The most artifacts one closure may have. */
  static final int MAX_ARTIFACTS = 2_000;
  /** Node's {@code process.platform} and {@code process.arch} of the target. */
  static final String TARGET_OS = "linux";
  static final String TARGET_CPU = "x64";
  /** Package documents read at once while a level of the tree is prefetched. */
  static final int PREFETCH = 8;

  private record Edge(String name, String spec, boolean optional) {}

  private final NpmRegistry registry;

  NpmClosureResolver(NpmRegistry registry) {
    this.registry = registry;
  }

  /** The closure of {@code requested}: its tarballs by {@code name@version}, the requested one first. */
  ResolvedClosure resolve(ReleaseRequest requested) throws PortException {
    Map<String, NpmRelease> chosen = new LinkedHashMap<>();
    Map<String, LinkedHashSet<String>> needs = new LinkedHashMap<>();
    Map<String, List<String>> versionsOf = new LinkedHashMap<>();
    NpmRelease root = registry.candidates(requested.name(), requested.version()).stream()
        .filter(r -> r.version().equals(requested.version()))
        .findFirst()
        .orElseThrow(() -> new PortException("the registry has no version " + requested.version() + " of "
            + requested.name()));
    add(root, chosen, needs, versionsOf);
    String levelStart = root.id();
    Deque<NpmRelease> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      if (queue.peek().id().equals(levelStart)) {
        prefetch(queue);
        levelStart = null;
      }
      NpmRelease from = queue.poll();
      for (Edge edge : edges(from)) {
        Optional<NpmRelease> to = pick(from, edge, versionsOf, chosen);
        if (to.isEmpty()) {
          continue; // an optional dependency that does not resolve or fit the platform: npm skips it too
        }
        NpmRelease dependency = to.get();
        needs.get(from.id()).add(dependency.id());
        if (!chosen.containsKey(dependency.id())) {
          if (chosen.size() >= MAX_ARTIFACTS) {
            throw new PortException("the closure of " + requested.spec() + " has more than " + MAX_ARTIFACTS
                + " artifacts");
          }
          add(dependency, chosen, needs, versionsOf);
          queue.add(dependency);
          if (levelStart == null) {
            levelStart = dependency.id(); // the first of the next level: its documents are read together
          }
        }
      }
    }
    Map<String, ResolvedClosure.Artifact> artifacts = new LinkedHashMap<>();
    for (NpmRelease release : chosen.values()) {
      artifacts.put(release.id(), new ResolvedClosure.Artifact(release.id(), release.name(), release.version(),
          release.fileName(), release.tarball(), Optional.empty(), Optional.of(release.integrity()),
          Optional.empty(), Optional.of(release), release.licence(), needs.get(release.id())));
    }
    return new ResolvedClosure(requested, artifacts);
  }

  /**
   * Reads the package documents every edge of this level needs, {@link #PREFETCH} at a time, so the
   * registry's round trips overlap; the picks that follow stay in npm's order. A document that cannot
   * be read here is read again, and its failure reported, by the pick that needs it.
   */
  private void prefetch(Deque<NpmRelease> level) {
    Set<String> names = new LinkedHashSet<>();
    level.forEach(release -> edges(release).forEach(edge -> names.add(edge.name() + "\u0000" + edge.spec())));
    if (names.size() < 2) {
      return;
    }
    Semaphore permits = new Semaphore(PREFETCH);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String key : names) {
        int split = key.indexOf('\u0000');
        executor.submit(() -> {
          permits.acquire();
          try {
            registry.candidates(key.substring(0, split), key.substring(split + 1));
          } catch (PortException | RuntimeException e) {
            // reported by the pick that needs it
          } finally {
            permits.release();
          }
          return null;
        });
      }
    }
  }

  private static void add(NpmRelease release, Map<String, NpmRelease> chosen, Map<String, LinkedHashSet<String>> needs,
      Map<String, List<String>> versionsOf) {
    chosen.put(release.id(), release);
    needs.put(release.id(), new LinkedHashSet<>());
    versionsOf.computeIfAbsent(release.name(), n -> new ArrayList<>()).add(release.version());
  }

  /** What {@code release} needs installed beside it, by name (a name in several fields: npm's precedence). */
  private static List<Edge> edges(NpmRelease release) {
    Map<String, Edge> byName = new TreeMap<>();
    release.peerDependencies().forEach((name, spec) -> byName.put(name, new Edge(name, spec, false)));
    release.dependencies().forEach((name, spec) -> byName.put(name, new Edge(name, spec, false)));
    release.optionalDependencies().forEach((name, spec) -> byName.put(name, new Edge(name, spec, true)));
    release.bundled().forEach(byName::remove);
    return List.copyOf(byName.values());
  }

  /** The version {@code edge} installs: one already chosen that it accepts, else npm's pick; empty to skip. */
  private Optional<NpmRelease> pick(NpmRelease from, Edge edge, Map<String, List<String>> versionsOf,
      Map<String, NpmRelease> chosen) throws PortException {
    if (!NpmNames.isValidName(edge.name()) && !isLegacyName(edge.name())) {
      throw new PortException(from.id() + " depends on '" + edge.name() + "', which is not an npm package name");
    }
    List<NpmRelease> candidates;
    try {
      candidates = registry.candidates(edge.name(), edge.spec());
    } catch (PortException e) {
      if (edge.optional()) {
        return Optional.empty();
      }
      throw new PortException(from.id() + " needs " + edge.name() + " " + edge.spec() + ": " + e.getMessage());
    }
    List<String> have = versionsOf.getOrDefault(edge.name(), List.of());
    for (NpmRelease candidate : candidates) {
      if (have.contains(candidate.version())) {
        return Optional.of(chosen.get(candidate.id()));
      }
    }
    Optional<NpmRelease> best = candidates.stream()
        .filter(c -> !edge.optional() || c.fitsPlatform(TARGET_OS, TARGET_CPU))
        .findFirst();
    if (best.isEmpty() && !edge.optional()) {
      throw new PortException(from.id() + " needs " + edge.name() + " " + edge.spec()
          + ", but the registry has no version of it that satisfies that range");
    }
    return best;
  }

  /** Old packages may have capital letters in their names; the registry still serves them. */
  private static boolean isLegacyName(String name) {
    return name.length() <= 214 && name.matches("(?:@[A-Za-z0-9-~][A-Za-z0-9-._~]*/)?[A-Za-z0-9-~][A-Za-z0-9-._~]*");
  }
}

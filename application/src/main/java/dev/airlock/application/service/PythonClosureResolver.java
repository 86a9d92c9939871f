package dev.airlock.application.service;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.PackageRegistry;
import dev.airlock.domain.CoreMetadata;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.PythonFileNames;
import dev.airlock.domain.PythonRequirement;
import dev.airlock.domain.PythonSpecifier;
import dev.airlock.domain.PythonTarget;
import dev.airlock.domain.PythonVersion;
import dev.airlock.domain.RegistryFile;
import dev.airlock.domain.ReleaseRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves a Python release row to the artifacts {@code pip install} would fetch for it in the target
 * environment, from static metadata only (never running package code): PEP 658 metadata when the
 * registry serves it, else the wheel's {@code METADATA} or the sdist's {@code PKG-INFO} (metadata 2.2
 * or later with {@code Requires-Dist} not dynamic). One version per project, the newest that every
 * requirement seen so far allows, wheels before sdists, as pip prefers; a conflict is an error
 * rather than a backtracking search.
 */
final class PythonClosureResolver {
  /** The most artifacts one closure may have. */
  static final int MAX_ARTIFACTS = 2_000;

  /** One resolved artifact and the projects (normalised names) it needs. */
  record Node(String key, RegistryFile file, CoreMetadata metadata, Set<String> extras, Set<String> needs) {}


  private record Pending(PythonRequirement requirement, String neededBy) {}

  private final PackageRegistry registry;
  private final ArtifactFetcher fetcher;
  private final DistributionReader distributions;
  private final PythonTarget target;

  PythonClosureResolver(PackageRegistry registry, ArtifactFetcher fetcher, DistributionReader distributions,
      PythonTarget target) {
    this.registry = registry;
    this.fetcher = fetcher;
    this.distributions = distributions;
    this.target = target;
  }

  /** The closure of {@code requested}: its artifacts by normalised name, the requested one first. */
  ResolvedClosure resolve(ReleaseRequest requested) throws PortException {
    Map<String, Node> nodes = new LinkedHashMap<>();
    Map<String, List<String>> constraints = new TreeMap<>();
    Deque<Pending> pending = new ArrayDeque<>();
    String top = requested.name() + (requested.extras().isEmpty() ? "" : "[" + String.join(",", requested.extras())
        + "]") + "==" + requested.version();
    pending.add(new Pending(PythonRequirement.parse(top), "the request"));
    while (!pending.isEmpty()) {
      Pending next = pending.poll();
      PythonRequirement req = next.requirement();
      String key = req.normalisedName();
      constraints.computeIfAbsent(key, k -> new ArrayList<>()).add(next.neededBy() + " needs " + req.name()
          + (req.specifier().toString().isEmpty() ? "" : " " + req.specifier()));
      if (req.url().isPresent()) {
        throw new PortException(next.neededBy() + " needs " + req.name() + " from a direct URL ("
            + req.url().get() + "); the airlock takes releases only through the registry");
      }
      Node known = nodes.get(key);
      if (known != null) {
        if (!req.specifier().contains(known.file().version())) {
          throw new PortException("cannot resolve " + requested.spec() + ": " + String.join("; ", constraints.get(key))
              + ", but " + known.file().project() + " " + known.file().version() + " was chosen");
        }
        Set<String> more = new LinkedHashSet<>(req.extras());
        more.removeAll(known.extras());
        if (!more.isEmpty()) {
          Set<String> extras = new LinkedHashSet<>(known.extras());
          extras.addAll(more);
          Node widened = new Node(key, known.file(), known.metadata(), extras, new LinkedHashSet<>(known.needs()));
          nodes.put(key, widened);
          enqueueNeeds(widened, pending);
        }
        continue;
      }
      if (nodes.size() >= MAX_ARTIFACTS) {
        throw new PortException("the closure of " + requested.spec() + " has more than " + MAX_ARTIFACTS
            + " artifacts");
      }
      RegistryFile file = choose(req, next.neededBy());
      CoreMetadata metadata = metadataOf(file);
      Node node = new Node(key, file, metadata, new LinkedHashSet<>(req.extras()), new LinkedHashSet<>());
      nodes.put(key, node);
      enqueueNeeds(node, pending);
    }
    Map<String, ResolvedClosure.Artifact> artifacts = new LinkedHashMap<>();
    for (Node node : nodes.values()) {
      RegistryFile file = node.file();
      Optional<String> licence = node.metadata().first("License-Expression")
          .or(() -> node.metadata().first("License")).filter(l -> !l.isBlank() && l.length() <= 200);
      artifacts.put(node.key(), new ResolvedClosure.Artifact(node.key(), file.project(), file.version(),
          file.fileName(), file.url(), Optional.of(file.sha256()), Optional.empty(), Optional.of(file),
          Optional.empty(), licence, node.needs()));
    }
    return new ResolvedClosure(requested, artifacts);
  }

  private void enqueueNeeds(Node node, Deque<Pending> pending) throws PortException {
    String who = node.file().project() + " " + node.file().version();
    for (String line : node.metadata().all("Requires-Dist")) {
      PythonRequirement dep;
      try {
        dep = PythonRequirement.parse(line);
      } catch (IllegalArgumentException e) {
        throw new PortException(who + " has a Requires-Dist that cannot be read: " + e.getMessage());
      }
      if (dep.appliesTo(target, node.extras())) {
        node.needs().add(dep.normalisedName());
        pending.add(new Pending(dep, who));
      }
    }
  }

  /** The file pip would install for {@code req}: the newest allowed version, its best wheel, else its sdist. */
  private RegistryFile choose(PythonRequirement req, String neededBy) throws PortException {
    List<RegistryFile> files = registry.pythonFiles(req.name());
    Map<PythonVersion, List<RegistryFile>> byVersion = new TreeMap<>(Comparator.reverseOrder());
    for (RegistryFile file : files) {
      PythonVersion.parse(file.version()).ifPresent(v -> byVersion.computeIfAbsent(v, x -> new ArrayList<>()).add(file));
    }
    PythonSpecifier spec = req.specifier();
    boolean pinned = spec.toString().startsWith("==") && !spec.toString().contains(",")
        && !spec.toString().contains("*");
    List<RegistryFile> best = null;
    List<RegistryFile> bestPre = null;
    for (var entry : byVersion.entrySet()) {
      if (!spec.contains(entry.getKey())) {
        continue;
      }
      List<RegistryFile> usable = entry.getValue().stream()
          .filter(f -> pinned || !f.yanked())
          .filter(f -> target.allowsPython(f.requiresPython()))
          .filter(f -> rank(f).isPresent() || f.isSdist())
          .toList();
      if (usable.isEmpty()) {
        continue;
      }
      if (entry.getKey().isPreRelease() && !spec.namesPreRelease()) {
        bestPre = bestPre == null ? usable : bestPre;
        continue;
      }
      best = usable;
      break;
    }
    List<RegistryFile> chosen = best != null ? best : bestPre;
    if (chosen == null) {
      throw new PortException(neededBy + " needs " + req.name() + (spec.toString().isEmpty() ? "" : " " + spec)
          + ", but the registry has no release of it that installs on " + target);
    }
    return chosen.stream()
        .filter(f -> rank(f).isPresent())
        .min(Comparator.comparingInt(f -> rank(f).getAsInt()))
        .or(() -> chosen.stream().filter(f -> f.fileName().endsWith(".tar.gz")).findFirst())
        .orElse(chosen.get(0));
  }

  private OptionalInt rank(RegistryFile file) {
    return PythonFileNames.parseWheel(file.fileName()).map(target::rank).orElse(OptionalInt.empty());
  }

  /** The file's core metadata, statically: PEP 658 from the registry, else read from the (pinned) archive. */
  private CoreMetadata metadataOf(RegistryFile file) throws PortException {
    Optional<String> served = registry.pythonMetadata(file);
    CoreMetadata metadata;
    if (served.isPresent()) {
      try {
        metadata = CoreMetadata.parse(served.get(), file.fileName() + ".metadata");
      } catch (IllegalArgumentException e) {
        throw new PortException("the registry's metadata of " + file.fileName() + " cannot be read: " + e.getMessage());
      }
    } else {
      PackageRequest request = PackageRequest.builder().name(file.project()).url(file.url()).sha256(file.sha256())
          .build();
      try (FetchedArtifact artifact = fetcher.fetch(request)) {
        if (!artifact.sha256().equals(file.sha256())) {
          throw new PortException(file.fileName() + " has SHA-256 " + artifact.sha256()
              + ", not the registry's " + file.sha256());
        }
        Distribution distribution = distributions.read(artifact, file.project(), file.version());
        metadata = distribution.coreMetadata().orElseThrow(() -> new PortException(file.fileName()
            + " holds no Python core metadata (PKG-INFO or METADATA)"));
      }
      if (file.isSdist()) {
        checkStatic(file, metadata);
      }
    }
    if (!PackageNames.normalise(metadata.name()).equals(PackageNames.normalise(file.project()))) {
      throw new PortException(file.fileName() + "'s metadata names it " + metadata.name() + ", not "
          + file.project());
    }
    return metadata;
  }

  /** An sdist's dependencies are static only from metadata 2.2 on and when Requires-Dist is not dynamic. */
  private static void checkStatic(RegistryFile file, CoreMetadata metadata) throws PortException {
    Optional<PythonVersion> version = PythonVersion.parse(metadata.metadataVersion());
    boolean old = version.isEmpty() || version.get().compareTo(PythonVersion.of("2.2")) < 0;
    Set<String> dynamic = new HashSet<>();
    metadata.all("Dynamic").forEach(d -> dynamic.add(d.strip().toLowerCase(java.util.Locale.ROOT)));
    if (old || dynamic.contains("requires-dist")) {
      throw new PortException(file.fileName() + " is an sdist whose dependencies can only be known by building it ("
          + (old ? "its PKG-INFO is metadata " + metadata.metadataVersion() + ", before 2.2"
              : "its PKG-INFO says Dynamic: Requires-Dist")
          + "); the airlock never runs package code, so it cannot resolve it; ask for a release with a wheel");
    }
  }
}

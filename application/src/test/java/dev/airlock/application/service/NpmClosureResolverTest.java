package dev.airlock.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.NpmRegistry;
import dev.airlock.domain.Integrity;
import dev.airlock.domain.NpmRelease;
import dev.airlock.domain.ReleaseRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which tarballs an npm release row's closure holds: the edges npm installs on Linux x64 and no others. */
class NpmClosureResolverTest {

  /** A registry of exact versions: a spec names one version, or {@code *} any; nothing else resolves. */
  private record ExactRegistry(List<NpmRelease> releases) implements NpmRegistry {
    @Override
    public List<NpmRelease> candidates(String name, String spec) throws PortException {
      if (spec.startsWith("git")) {
        throw new PortException("'" + spec + "' is a git, file, URL or alias dependency, not a registry range");
      }
      List<NpmRelease> found = new ArrayList<>();
      for (NpmRelease r : releases) {
        if (r.name().equals(name) && (spec.equals("*") || r.version().equals(spec))) {
          found.add(r);
        }
      }
      if (found.isEmpty() && releases.stream().noneMatch(r -> r.name().equals(name))) {
        throw new PortException("the registry has no package " + name);
      }
      return found;
    }
  }

  private static NpmRelease release(String name, String version, Map<String, String> deps,
      Map<String, String> optional, Map<String, String> peers, Set<String> bundled, List<String> os) {
    return new NpmRelease(name, version, URI.create("https://registry.npmjs.org/" + name + "/-/x-" + version + ".tgz"),
        Integrity.ofShasum("ab".repeat(20)), deps, optional, peers, bundled, os, List.of(), Optional.empty(),
        Optional.empty(), Optional.of("MIT"));
  }

  private static NpmRelease plain(String name, String version) {
    return release(name, version, Map.of(), Map.of(), Map.of(), Set.of(), List.of());
  }

  private static ReleaseRequest row(String name, String version) {
    return ReleaseRequest.builder().ecosystem(ReleaseRequest.Ecosystem.NPM).name(name).version(version).build();
  }

  @Test
  void shouldTakeDependenciesPeersAndFittingOptionalsButNotBundledOrOtherPlatformsWhenResolving() throws Exception {
    // Given
    NpmRegistry registry = new ExactRegistry(List.of(
        release("app", "1.0.0", Map.of("dep", "1.0.0", "inside", "1.0.0"),
            Map.of("native-linux", "1.0.0", "native-darwin", "1.0.0", "missing-optional", "1.0.0"),
            Map.of("react", "18.0.0"), Set.of("inside"), List.of()),
        plain("dep", "1.0.0"),
        plain("inside", "1.0.0"),
        plain("react", "18.0.0"),
        release("native-linux", "1.0.0", Map.of(), Map.of(), Map.of(), Set.of(), List.of("linux")),
        release("native-darwin", "1.0.0", Map.of(), Map.of(), Map.of(), Set.of(), List.of("darwin"))));

    // When
    ResolvedClosure closure = new NpmClosureResolver(registry).resolve(row("app", "1.0.0"));

    // Then
    assertThat(closure.artifacts().keySet())
        .containsExactly("app@1.0.0", "dep@1.0.0", "native-linux@1.0.0", "react@18.0.0");
    assertThat(closure.root().needs()).containsExactlyInAnyOrder("dep@1.0.0", "native-linux@1.0.0", "react@18.0.0");
    assertThat(closure.root().integrity()).isPresent();
    assertThat(closure.root().sha256()).isEmpty();
  }

  @Test
  void shouldReuseChosenVersionAndKeepCyclesFiniteWhenPackagesNeedEachOther() throws Exception {
    NpmRegistry registry = new ExactRegistry(List.of(
        release("a", "1.0.0", Map.of("b", "*"), Map.of(), Map.of(), Set.of(), List.of()),
        release("b", "1.0.0", Map.of("a", "*"), Map.of(), Map.of(), Set.of(), List.of()),
        release("a", "2.0.0", Map.of(), Map.of(), Map.of(), Set.of(), List.of())));

    ResolvedClosure closure = new NpmClosureResolver(registry).resolve(row("a", "1.0.0"));

    assertThat(closure.artifacts().keySet()).containsExactly("a@1.0.0", "b@1.0.0");
    assertThat(closure.get("b@1.0.0").needs()).containsExactly("a@1.0.0");
  }

  @Test
  void shouldNameTheDependentWhenDependencyIsNotFromTheRegistry() {
    NpmRegistry registry = new ExactRegistry(List.of(
        release("app", "1.0.0", Map.of("fork", "git+https://example.com/fork.git"), Map.of(), Map.of(), Set.of(),
            List.of())));

    assertThatThrownBy(() -> new NpmClosureResolver(registry).resolve(row("app", "1.0.0")))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("app@1.0.0 needs fork git+https://example.com/fork.git")
        .hasMessageContaining("not a registry range");
  }

  @Test
  void shouldSayWhichVersionIsMissingWhenRequestedVersionIsNotPublished() {
    NpmRegistry registry = new ExactRegistry(List.of(plain("app", "1.0.0")));

    assertThatThrownBy(() -> new NpmClosureResolver(registry).resolve(row("app", "1.0.1")))
        .hasMessageContaining("no version 1.0.1 of app");
  }
}

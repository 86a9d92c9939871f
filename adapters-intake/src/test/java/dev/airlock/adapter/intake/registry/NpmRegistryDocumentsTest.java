package dev.airlock.adapter.intake.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.adapter.intake.fetch.FetchSettings;
import dev.airlock.adapter.intake.fetch.HttpArtifactFetcher;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.NpmRelease;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The npm registry's package documents, read over loopback, and the versions npm's ranges pick from them. */
@WireMockTest
class NpmRegistryDocumentsTest {
  private static final String SHA512 = "sha512-" + "A".repeat(86) + "==";

  private NpmRegistryDocuments registry;

  @BeforeEach
  void setUp(WireMockRuntimeInfo wm) {
    FetchSettings settings = FetchSettings.builder().allowedHosts(Set.of("localhost:" + wm.getHttpPort()))
        .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(10)).build();
    registry = new NpmRegistryDocuments(URI.create(wm.getHttpBaseUrl()), new HttpArtifactFetcher(settings));
    wm.getWireMock().register(get(urlPathEqualTo("/lib")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"name": "lib", "dist-tags": {"latest": "1.4.0", "next": "2.0.0-rc.1"},
             "time": {"1.4.0": "2024-03-01T12:00:00.000Z"},
             "versions": {
               "1.0.0": %s, "1.4.0": %s, "1.5.0": %s, "1.6.0": %s, "1.7.0-beta.1": %s,
               "2.0.0-rc.1": %s, "2.1.0": %s,
               "3.0.0": {"name": "lib", "version": "3.0.0", "dist": {"tarball": "http://x/lib-3.0.0.tgz"}}
             }}""".formatted(v("1.0.0", ""), v("1.4.0", ", \"license\": \"MIT\", \"dependencies\": {\"a\": \"^1\"}"),
            v("1.5.0", ""), v("1.6.0", ", \"deprecated\": \"use 2.x\""), v("1.7.0-beta.1", ""),
            v("2.0.0-rc.1", ""), v("2.1.0", "")))));
  }

  private static String v(String version, String extra) {
    return "{\"name\": \"lib\", \"version\": \"" + version + "\", \"dist\": {\"tarball\": \"/lib/-/lib-" + version
        + ".tgz\", \"integrity\": \"" + SHA512 + "\"}" + extra + "}";
  }

  private List<String> versions(String spec) throws PortException {
    return registry.candidates("lib", spec).stream().map(NpmRelease::version).toList();
  }

  @Nested
  @DisplayName("which versions a range accepts, in npm's order")
  class Ranges {
    @Test
    void shouldPreferLatestTagThenNewestNotDeprecatedWhenCaretRangeAcceptsSeveral() throws Exception {
      assertThat(versions("^1.0.0")).containsExactly("1.4.0", "1.5.0", "1.0.0", "1.6.0");
    }

    @Test
    void shouldExcludePreReleasesWhenRangeNamesNoneOfThatVersion() throws Exception {
      assertThat(versions(">=1.5.0")).containsExactly("2.1.0", "1.5.0", "1.6.0");
      assertThat(versions("^1.7.0-beta.0")).containsExactly("1.7.0-beta.1");
    }

    @Test
    void shouldAcceptTildeXRangesHyphensAndAlternativesAsNpmDoes() throws Exception {
      assertThat(versions("~1.5.0")).containsExactly("1.5.0");
      assertThat(versions("1.x")).containsExactly("1.4.0", "1.5.0", "1.0.0", "1.6.0");
      assertThat(versions("1.0.0 - 1.4.0")).containsExactly("1.4.0", "1.0.0");
      assertThat(versions("1.0.0 || >=2.1.0")).containsExactly("2.1.0", "1.0.0");
      assertThat(versions("")).as("an empty range is *").startsWith("1.4.0").doesNotContain("2.0.0-rc.1");
    }

    @Test
    void shouldAnswerTheTaggedVersionWhenSpecIsDistTag() throws Exception {
      assertThat(versions("next")).containsExactly("2.0.0-rc.1");
      assertThatThrownBy(() -> versions("beta")).hasMessageContaining("no dist-tag 'beta' for lib");
    }

    @Test
    void shouldLeaveOutVersionWithoutIntegrityWhenRegistryGivesNone() throws Exception {
      assertThat(versions("3.0.0")).isEmpty();
    }
  }

  @Test
  void shouldKeepIntegrityTimeDeprecationAndLicenceWhenReadingDocument() throws Exception {
    NpmRelease latest = registry.candidates("lib", "1.4.0").get(0);
    assertThat(latest.integrity().toString()).isEqualTo(SHA512);
    assertThat(latest.publishedAt()).contains(Instant.parse("2024-03-01T12:00:00Z"));
    assertThat(latest.licence()).contains("MIT");
    assertThat(latest.dependencies()).containsEntry("a", "^1");
    assertThat(latest.tarball().getPath()).isEqualTo("/lib/-/lib-1.4.0.tgz");
    assertThat(registry.candidates("lib", "1.6.0").get(0).deprecated()).contains("use 2.x");
  }

  @Test
  void shouldReadEachDocumentOnceWhenAskedManyTimes(WireMockRuntimeInfo wm) throws Exception {
    versions("^1.0.0");
    versions("~1.5.0");
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo("/lib")));
  }

  @Test
  void shouldAskForScopedPackageWithEncodedSlash(WireMockRuntimeInfo wm) throws Exception {
    wm.getWireMock().register(get(urlPathEqualTo("/@scope%2fpkg")).willReturn(aResponse().withStatus(200)
        .withBody("{\"dist-tags\": {}, \"versions\": {\"1.0.0\": {\"dist\": {\"tarball\": \"/t.tgz\", "
            + "\"shasum\": \"" + "ab".repeat(20) + "\"}}}}")));
    NpmRelease release = registry.candidates("@scope/pkg", "^1.0.0").get(0);
    assertThat(release.integrity().algorithm()).isEqualTo("sha1");
    assertThat(release.fileName()).isEqualTo("pkg-1.0.0.tgz");
  }

  @Test
  void shouldRefuseGitFileAndUrlDependenciesWhenAskedForThem() {
    for (String spec : List.of("git+https://github.com/a/b.git", "github:a/b", "file:../x", "a/b",
        "npm:other@1.0.0", "https://example.com/x.tgz")) {
      assertThatThrownBy(() -> versions(spec)).as(spec).isInstanceOf(PortException.class)
          .hasMessageContaining("not a registry range");
    }
  }

  @Test
  void shouldSayPackageDoesNotExistWhenRegistryAnswers404() {
    assertThatThrownBy(() -> registry.candidates("nope", "^1.0.0")).hasMessageContaining("has no package nope");
  }
}

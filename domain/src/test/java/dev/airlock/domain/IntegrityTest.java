package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** npm's integrity strings as pins, and npm's platform rule for optional dependencies. */
class IntegrityTest {
  private static final byte[] CONTENT = "tarball".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldMatchOnlyTheSameContentWhenPinnedBySha512() {
    Integrity pin = Integrity.ofDigest("sha512", new Integrity("sha512", "A".repeat(86) + "==").newDigest()
        .digest(CONTENT));
    assertThat(Integrity.parse(pin.toString())).isEqualTo(pin);
    assertThat(pin.matches(pin.newDigest().digest(CONTENT))).isTrue();
    assertThat(pin.matches(pin.newDigest().digest("other".getBytes(StandardCharsets.UTF_8)))).isFalse();
  }

  @Test
  void shouldPickStrongestHashWhenIntegrityListsSeveral() {
    String sha1 = Integrity.ofShasum("ab".repeat(20)).toString();
    String sha512 = "sha512-" + "B".repeat(86) + "==";
    assertThat(Integrity.parse(sha1 + " " + sha512 + "?opt").algorithm()).isEqualTo("sha512");
    assertThat(Integrity.parse(sha1).isStrong()).isFalse();
  }

  @Test
  void shouldRefuseUnknownAlgorithmOrWrongLengthWhenParsing() {
    assertThatThrownBy(() -> Integrity.parse("md5-abc")).hasMessageContaining("holds no sha512");
    assertThatThrownBy(() -> Integrity.parse("sha512-AAAA")).hasMessageContaining("has 64 bytes, not 3");
    assertThatThrownBy(() -> Integrity.ofShasum("xyz")).hasMessageContaining("40 hex digits");
  }

  @Test
  void shouldFollowNpmPlatformRuleWhenOsAndCpuAreListed() {
    assertThat(release(List.of(), List.of()).fitsPlatform("linux", "x64")).isTrue();
    assertThat(release(List.of("linux"), List.of("x64", "arm64")).fitsPlatform("linux", "x64")).isTrue();
    assertThat(release(List.of("darwin"), List.of()).fitsPlatform("linux", "x64")).isFalse();
    assertThat(release(List.of("!win32"), List.of()).fitsPlatform("linux", "x64")).isTrue();
    assertThat(release(List.of(), List.of("!x64")).fitsPlatform("linux", "x64")).isFalse();
  }

  private static NpmRelease release(List<String> os, List<String> cpu) {
    return new NpmRelease("esbuild-linux", "1.0.0", java.net.URI.create("https://registry.npmjs.org/x.tgz"),
        Integrity.ofShasum("ab".repeat(20)), Map.of(), Map.of(), Map.of(), Set.of(), os, cpu, Optional.empty(),
        Optional.empty(), Optional.empty());
  }
}

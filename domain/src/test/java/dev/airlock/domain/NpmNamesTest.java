package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("NpmNames")
class NpmNamesTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"lodash, true", "lodash.merge, true", "@babel/core, true", "left-pad, true", "UPPER, false",
      "@scope, false", "../x, false", ".hidden, false", "a/b, false", "'', false"})
  void shouldAcceptOnlyRegistryNamesWhenCheckingAName(String name, boolean valid) {
    // Given / When / Then
    assertThat(NpmNames.isValidName(name)).isEqualTo(valid);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"4.17.21, true", "1.0.0-beta.1+build.5, true", "01.0.0, false", "1.0, false", "v1.0.0, false",
      "1.0.0-, false"})
  void shouldAcceptOnlySemanticVersionsWhenCheckingAVersion(String version, boolean valid) {
    // Given / When / Then
    assertThat(NpmNames.isValidVersion(version)).isEqualTo(valid);
  }

  @Test
  void shouldSplitScopeAndNameWhenTheNameIsScoped() {
    // Given / When / Then
    assertThat(NpmNames.scope("@babel/core")).contains("babel");
    assertThat(NpmNames.unscoped("@babel/core")).isEqualTo("core");
    assertThat(NpmNames.tarball("@babel/core", "7.26.0")).isEqualTo("core-7.26.0.tgz");
    assertThat(NpmNames.scope("lodash")).isEmpty();
    assertThat(NpmNames.tarball("lodash", "4.17.21")).isEqualTo("lodash-4.17.21.tgz");
  }
}

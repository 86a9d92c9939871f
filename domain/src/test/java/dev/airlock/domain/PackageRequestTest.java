package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PackageRequestTest {

  private static PackageRequest requestFor(String url) {
    return PackageRequest.builder().name("Demo_Pkg").url(URI.create(url)).build();
  }

  @Nested
  @DisplayName("displayUrl")
  class DisplayUrl {

    @Test
    void shouldDropUserInfoAndQueryWhenTheUrlCarriesThem() {
      // Given
      PackageRequest request = requestFor("https://deploy:SECRET1@files.example.org:8443/p/x-1.0.tar.gz?token=SECRET2#f");

      // When
      String shown = request.displayUrl();

      // Then
      assertThat(shown).isEqualTo("https://files.example.org:8443/p/x-1.0.tar.gz?…").doesNotContain("SECRET");
    }

    @Test
    void shouldKeepAPlainUrlAsItIsWhenNothingNeedsHiding() {
      assertThat(requestFor("https://pypi.org/packages/x-1.0.tar.gz").displayUrl())
          .isEqualTo("https://pypi.org/packages/x-1.0.tar.gz");
    }

    @Test
    void shouldShowTheRelativePathWhenTheUrlIsARelativeFileUrl() {
      assertThat(requestFor("file:packages/x-1.0.tar.gz").displayUrl()).isEqualTo("file:packages/x-1.0.tar.gz");
    }
  }

  @Test
  void shouldKeyByNormalisedNameAndUrlWhenAskedForItsKey() {
    // When
    RequestKey key = requestFor("https://pypi.org/x.tar.gz").key();

    // Then
    assertThat(key.normalisedName()).isEqualTo("demo-pkg");
    assertThat(key.url()).isEqualTo("https://pypi.org/x.tar.gz");
  }
}

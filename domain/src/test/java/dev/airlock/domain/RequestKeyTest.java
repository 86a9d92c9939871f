package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How request and decision keys show up in messages: never with what a URL may hide a token in. */
class RequestKeyTest {
  private static final String SIGNED =
      "https://user:pw@files.example.org/pkg/tidy-stats-1.0.0.tar.gz?X-Amz-Signature=s3cr3t#frag";

  @Test
  void shouldShowTheUrlWithoutUserInfoQueryOrFragmentWhenPrinted() {
    // Given
    RequestKey key = RequestKey.of("tidy-stats", SIGNED);

    // When
    String shown = key.toString();

    // Then
    assertThat(shown).isEqualTo("tidy-stats@https://files.example.org/pkg/tidy-stats-1.0.0.tar.gz?…");
    assertThat(key.url()).as("the key itself keeps the whole URL").isEqualTo(SIGNED);
  }

  @Test
  void shouldKeepTheQueryOutOfADecisionKeyWhenPrinted() {
    // Given
    DecisionKey key = RequestKey.of("tidy-stats", SIGNED).withContent(Sha256.hashOf(new byte[] {1}));

    // When
    String shown = key.toString();

    // Then
    assertThat(shown).startsWith("tidy-stats@https://files.example.org/pkg/tidy-stats-1.0.0.tar.gz?…#")
        .doesNotContain("s3cr3t").doesNotContain("pw");
  }

  @Test
  void shouldNotQuoteAUrlThatCannotBeParsedWhenPrinted() {
    // Given
    RequestKey key = RequestKey.of("tidy-stats", "https://files.example.org/a b?token=s3cr3t");

    // When / Then
    assertThat(key.toString()).isEqualTo("tidy-stats@(unreadable URL)");
  }
}

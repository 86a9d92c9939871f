package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Sha256")
class Sha256Test {

  /** SHA-256 of the three bytes "abc" (FIPS 180-2 test vector). */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Nested
  @DisplayName("of(text)")
  class OfText {

    @Test
    void shouldKeepHexWhenTextIsLowerCaseHex() {
      // Given / When
      Sha256 sha = Sha256.of(ABC);

      // Then
      assertThat(sha.hex()).isEqualTo(ABC);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "SHA256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "  ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\t"
    })
    void shouldNormaliseToLowerCaseHexWhenTextIsUpperCasePrefixedOrPadded(String text) {
      // Given / When
      Sha256 sha = Sha256.of(text);

      // Then
      assertThat(sha.hex()).isEqualTo(ABC);
      assertThat(sha).isEqualTo(Sha256.of(ABC));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
        "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "md5:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "ba7816bf8f01cfea414140de5dae2223 b00361a396177a9cb410ff61f20015ad"
    })
    void shouldRejectTextWhenItIsNotSixtyFourHexDigits(String text) {
      // Given / When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Sha256.of(text))
          .withMessage("sha256 must be 64 hex digits");
    }
  }

  @Nested
  @DisplayName("ofBytes(digest)")
  class OfBytes {

    @Test
    void shouldEncodeAsLowerCaseHexWhenGivenThirtyTwoBytes() throws Exception {
      // Given
      byte[] digest = MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.US_ASCII));

      // When
      Sha256 sha = Sha256.ofBytes(digest);

      // Then
      assertThat(sha.hex()).isEqualTo(ABC);
      assertThat(sha).isEqualTo(Sha256.of(ABC.toUpperCase()));
    }

    @Test
    void shouldKeepLeadingZerosWhenBytesAreSmall() {
      // Given
      byte[] digest = new byte[32];
      digest[31] = 0x0f;

      // When
      Sha256 sha = Sha256.ofBytes(digest);

      // Then
      assertThat(sha.hex()).isEqualTo("0".repeat(63) + "f");
    }

    @Test
    void shouldRejectDigestWhenItIsNotThirtyTwoBytes() {
      // Given
      byte[] digest = new byte[20];

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Sha256.ofBytes(digest))
          .withMessageContaining("32 bytes, not 20");
    }
  }

  @Nested
  @DisplayName("display")
  class Display {

    @Test
    void shouldReturnFirstDigitsWhenShortHexIsAskedForTwelve() {
      // Given
      Sha256 sha = Sha256.of(ABC);

      // When / Then
      assertThat(sha.shortHex(12)).isEqualTo("ba7816bf8f01");
    }

    @Test
    void shouldReturnWholeHexWhenShortHexIsAskedForMoreThanSixtyFour() {
      // Given
      Sha256 sha = Sha256.of(ABC);

      // When / Then
      assertThat(sha.shortHex(100)).isEqualTo(ABC);
    }

    @Test
    void shouldPrintHexWhenConvertedToString() {
      // Given
      Sha256 sha = Sha256.of("SHA256:" + ABC.toUpperCase());

      // When / Then
      assertThat(sha).hasToString(ABC);
    }
  }

  @Test
  void shouldMatchTheStandardTestVectorWhenHashingContent() {
    // Given / When
    Sha256 digest = Sha256.hashOf("abc".getBytes(StandardCharsets.US_ASCII));

    // Then: FIPS 180-2, appendix B.1
    assertThat(digest.hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

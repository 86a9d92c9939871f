package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("CoreMetadata")
class CoreMetadataTest {

  @Test
  void shouldReadHeadersRepeatedFieldsAndBodyWhenTheFileIsMetadata21() {
    // Given
    String text = """
        Metadata-Version: 2.1
        Name: Tidy_Stats
        Version: 1.0.0
        Summary: Small summary statistics
        Requires-Python: >=3.9
        Classifier: Programming Language :: Python :: 3
        classifier: License :: OSI Approved :: MIT License
        Description-Content-Type: text/markdown

        # tidy-stats

        Long description.
        """;

    // When
    CoreMetadata metadata = CoreMetadata.parse(text, "PKG-INFO");

    // Then
    assertThat(metadata.metadataVersion()).isEqualTo("2.1");
    assertThat(metadata.name()).isEqualTo("Tidy_Stats");
    assertThat(metadata.version()).isEqualTo("1.0.0");
    assertThat(metadata.requiresPython()).contains(">=3.9");
    assertThat(metadata.all("CLASSIFIER"))
        .containsExactly("Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License");
    assertThat(metadata.first("Summary")).contains("Small summary statistics");
    assertThat(metadata.body()).hasValueSatisfying(b -> assertThat(b).startsWith("# tidy-stats\n\nLong description."));
    assertThat(metadata.fields()).hasSize(8);
  }

  @Test
  void shouldJoinContinuationLinesWhenAHeaderIsFolded() {
    // Given: metadata 1.x puts the description in a folded header
    String text = "Metadata-Version: 1.1\r\nName: x\r\nVersion: 2\r\nDescription: first line\r\n"
        + "        |second line\r\n\tthird\r\n";

    // When
    CoreMetadata metadata = CoreMetadata.parse(text, "PKG-INFO");

    // Then
    assertThat(metadata.first("Description")).contains("first line\n|second line\nthird");
    assertThat(metadata.body()).isEmpty();
  }

  @ParameterizedTest(name = "missing {0}")
  @ValueSource(strings = {"Metadata-Version", "Name", "Version"})
  void shouldNameTheMissingFieldWhenARequiredOneIsAbsent(String field) {
    // Given
    String text = ("Metadata-Version: 2.1\nName: x\nVersion: 1.0\n").replaceAll("(?m)^" + field + ":.*\\n", "");

    // When / Then
    assertThatThrownBy(() -> CoreMetadata.parse(text, "x-1.0/PKG-INFO"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x-1.0/PKG-INFO has no " + field);
  }

  @Test
  void shouldNameTheLineWhenAHeaderLineIsNotNameAndValue() {
    // Given
    String text = "Metadata-Version: 2.1\nName: x\nthis is not a header\nVersion: 1\n";

    // When / Then
    assertThatThrownBy(() -> CoreMetadata.parse(text, "METADATA"))
        .hasMessage("METADATA line 3 is not a 'Name: value' header");
  }

  @Test
  void shouldRefuseAContinuationLineWhenNoHeaderCameBefore() {
    // Given / When / Then
    assertThatThrownBy(() -> CoreMetadata.parse("  Name: x\n", "PKG-INFO"))
        .hasMessage("PKG-INFO line 1 continues a header that is not there");
  }
}

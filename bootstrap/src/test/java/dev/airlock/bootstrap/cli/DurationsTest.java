package dev.airlock.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as people write them, and ISO-8601 as before. */
class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "24h, PT24H", "30m, PT30M", "7d, PT168H", "90s, PT1M30S", "1h30m, PT1H30M", "2d12h, PT60H",
      "0, PT0S", "0s, PT0S", "PT45M, PT45M", "pt24h, PT24H", "P7D, PT168H", "' 30M ', PT30M"})
  void shouldReadShortFormsAndIsoWhenTheyAreWellFormed(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1 day", "1day", "10", "h", "30x", "", "m30", "-5m"})
  void shouldReadNothingWhenTheTextIsNeitherForm(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-PT5M", "PT-5M"})
  void shouldKeepTheSignOfANegativeIsoDurationForTheCallerToRefuse(String text) {
    assertThat(Durations.parse(text)).hasValueSatisfying(d -> assertThat(d).isNegative());
  }
}

package dev.airlock.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean": close names only, closest first. */
class SuggestionsTest {
  private static final List<String> SCANNERS = List.of("builtin", "sarif", "codeguru", "inspector");

  @Test
  void shouldSuggestTheNameOneSwapAway() {
    assertThat(Suggestions.didYouMean("biultin", SCANNERS)).isEqualTo("did you mean builtin?");
  }

  @Test
  void shouldSuggestTheNameATypedPrefixStarts() {
    assertThat(Suggestions.closest("--scanner", List.of("--scanners", "--scan-timeout", "--source")))
        .containsExactly("--scanners");
  }

  @Test
  void shouldListSeveralCloseNamesWithOr() {
    assertThat(Suggestions.didYouMean("sca", List.of("scan", "scar", "run"))).isEqualTo("did you mean scan or scar?");
  }

  @Test
  void shouldSuggestNothingWhenNoNameIsClose() {
    assertThat(Suggestions.didYouMean("clamav", SCANNERS)).isEmpty();
    assertThat(Suggestions.didYouMean("", SCANNERS)).isEmpty();
  }
}

package dev.airlock.application.result;

import static dev.airlock.application.testing.TestData.NOW;
import static dev.airlock.application.testing.TestData.defaultRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RunResult")
class RunResultTest {

  private static RunResult resultOf(List<RequestOutcome> outcomes) {
    return new RunResult("run-1", "requests.csv", NOW, NOW, outcomes, List.of());
  }

  private static RequestOutcome errorOutcome() {
    return RequestOutcome.error(defaultRequest(), ScanVerdict.error("download failed"), Optional.empty(),
        Duration.ZERO);
  }

  @Nested
  @DisplayName("hasErrors")
  class HasErrors {

    @Test
    void shouldHaveErrorsWhenAnyOutcomeIsError() {
      // Given
      RunResult result = resultOf(List.of(RequestOutcome.invalidRow(RowError.of(2, "url is empty"))));

      // When
      boolean hasErrors = result.hasErrors();

      // Then
      assertThat(hasErrors).isTrue();
    }

    @Test
    void shouldHaveNoErrorsWhenNoOutcomeIsError() {
      // Given
      RunResult result = resultOf(List.of());

      // When
      boolean hasErrors = result.hasErrors();

      // Then
      assertThat(hasErrors).isFalse();
    }

    @Test
    void shouldFailWithoutErrorsAndKeepTheWarningsWhenAFailureIsAdded() {
      // Given
      RunResult result = resultOf(List.of()).withWarnings(List.of("notifier sns failed"));

      // When
      RunResult failed = result.withFailures(List.of("cannot write report a.xml"));

      // Then
      assertThat(failed.failed()).isTrue();
      assertThat(failed.hasErrors()).isFalse();
      assertThat(failed.failures()).containsExactly("cannot write report a.xml");
      assertThat(failed.warnings()).containsExactly("notifier sns failed");
      assertThat(failed.withWarnings(List.of("more")).failures()).containsExactly("cannot write report a.xml");
      assertThat(result.failed()).isFalse();
    }

    @Test
    void shouldFailWhenAnyOutcomeIsError() {
      // Given
      RunResult result = resultOf(List.of(errorOutcome()));

      // When
      boolean failed = result.failed();

      // Then
      assertThat(failed).isTrue();
    }
  }

  @Nested
  @DisplayName("count and warnings")
  class CountAndWarnings {

    @Test
    void shouldCountOutcomesByStatusWhenAsked() {
      // Given
      RunResult result = resultOf(List.of(errorOutcome(), errorOutcome(),
          RequestOutcome.invalidRow(RowError.of(3, "bad"))));

      // When
      long errors = result.count(RequestOutcome.Status.ERROR);
      long approved = result.count(RequestOutcome.Status.APPROVED);

      // Then
      assertThat(errors).isEqualTo(3);
      assertThat(approved).isZero();
    }

    @Test
    void shouldKeepOutcomesAndAppendWarningsWhenWarningsAreAdded() {
      // Given
      RunResult result = new RunResult("run-1", "requests.csv", NOW, NOW, List.of(errorOutcome()),
          List.of("first"));

      // When
      RunResult warned = result.withWarnings(List.of("second"));

      // Then
      assertThat(warned.warnings()).containsExactly("first", "second");
      assertThat(warned.outcomes()).isEqualTo(result.outcomes());
      assertThat(result.warnings()).containsExactly("first");
    }

    @Test
    void shouldNotChangeWhenTheListItWasBuiltFromChanges() {
      // Given
      List<RequestOutcome> outcomes = new ArrayList<>(List.of(errorOutcome()));
      RunResult result = resultOf(outcomes);

      // When
      outcomes.add(errorOutcome());

      // Then
      assertThat(result.outcomes()).hasSize(1);
    }
  }
}

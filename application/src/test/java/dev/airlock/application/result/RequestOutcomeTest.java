package dev.airlock.application.result;

import static dev.airlock.application.testing.TestData.defaultContent;
import static dev.airlock.application.testing.TestData.defaultRequest;
import static dev.airlock.application.testing.TestData.finding;
import static dev.airlock.application.testing.TestData.refusedDecision;
import static dev.airlock.application.testing.TestData.sha256Of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.domain.Decision;
import dev.airlock.domain.Finding;
import dev.airlock.domain.RowError;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Severity;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RequestOutcome")
class RequestOutcomeTest {
  private static final Sha256 SHA = sha256Of(defaultContent());

  @Nested
  @DisplayName("construction")
  class Construction {

    @Test
    void shouldRejectAnOutcomeWhenItHasNeitherRequestNorRow() {
      // Given / When / Then
      assertThatThrownBy(() -> new RequestOutcome(Optional.empty(), Optional.empty(), RequestOutcome.Status.ERROR,
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBeErrorWithTheRowsReasonWhenTheRowIsInvalid() {
      // Given
      RowError error = RowError.of(7, "column 2 (url): url is empty");

      // When
      RequestOutcome outcome = RequestOutcome.invalidRow(error);

      // Then
      assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.ERROR);
      assertThat(outcome.label()).isEqualTo("line 7");
      assertThat(outcome.errorReason()).contains("line 7: column 2 (url): url is empty");
    }

    @Test
    void shouldBeRefusedWhenDecidedWithARefusal() {
      // Given
      ScanVerdict refused = SeverityPolicy.defaultPolicy()
          .evaluate("requests", List.of(finding("B602", Severity.HIGH)), LocalDate.of(2030, 1, 1));

      // When
      RequestOutcome outcome = RequestOutcome.decided(defaultRequest(), refused, SHA, Optional.empty(),
          Optional.empty(), Duration.ZERO);

      // Then
      assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.REFUSED);
      assertThat(outcome.label()).isEqualTo("requests");
      assertThat(outcome.isNews()).isTrue();
    }
  }

  @Nested
  @DisplayName("already decided")
  class AlreadyDecided {

    @Test
    void shouldCarryTheEarlierBlockingFindingsWhenAlreadyDecided() {
      // Given
      Finding high = finding("B602", Severity.HIGH);
      Decision earlier = refusedDecision(defaultRequest(), SHA, high);

      // When
      RequestOutcome outcome = RequestOutcome.alreadyDecided(defaultRequest(), earlier, Duration.ZERO);

      // Then
      assertThat(outcome.status()).isEqualTo(RequestOutcome.Status.ALREADY_DECIDED);
      assertThat(outcome.blockingFindings()).containsExactly(high);
      assertThat(outcome.sha256()).contains(SHA);
      assertThat(outcome.isNews()).isFalse();
    }
  }
}

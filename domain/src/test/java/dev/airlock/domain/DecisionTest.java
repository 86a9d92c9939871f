package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.airlock.domain.ScanVerdict.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Decision")
class DecisionTest {

  private static final Sha256 SHA =
      Sha256.of("942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1");
  private static final String URL =
      "https://files.pythonhosted.org/packages/source/r/requests/requests-2.31.0.tar.gz";

  private static Decision.Builder aDecision(Outcome outcome) {
    Decision.Builder builder = Decision.builder();
    builder.key(RequestKey.of("requests", URL).withContent(SHA))
        .packageName("requests")
        .outcome(outcome)
        .decidedAt(Instant.parse("2026-03-15T10:15:30Z"))
        .runId("run-1");
    return builder;
  }

  private static Publication publication() {
    return Publication.builder()
        .repository("file")
        .packageName("requests")
        .version("2.31.0")
        .assetName("requests-2.31.0.tar.gz")
        .sha256(SHA)
        .location("airlock-data/repository/requests/2.31.0/requests-2.31.0.tar.gz")
        .installInstructions("pip install airlock-data/repository/requests/2.31.0/requests-2.31.0.tar.gz")
        .build();
  }

  private static Finding high() {
    return Finding.builder().ruleId("B602").title("shell").severity(Severity.HIGH).scanner("builtin").build();
  }

  @Nested
  @DisplayName("APPROVED")
  class Approved {

    @Test
    void shouldRecordPublicationWhenApprovedDecisionHasOne() {
      // Given
      Decision.Builder builder = aDecision(Outcome.APPROVED);
      builder.publication(publication()).version("2.31.0");

      // When
      Decision decision = builder.build();

      // Then
      assertThat(decision.outcome()).isEqualTo(Outcome.APPROVED);
      assertThat(decision.publication()).contains(publication());
      assertThat(decision.key().sha256()).isEqualTo(SHA);
      assertThat(decision.key().request().normalisedName()).isEqualTo("requests");
    }

    @Test
    void shouldRejectApprovedDecisionWhenItHasNoPublication() {
      // Given
      Decision.Builder builder = aDecision(Outcome.APPROVED);

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(builder::build)
          .withMessageContaining("APPROVED decision records its publication");
    }
  }

  @Nested
  @DisplayName("REFUSED")
  class Refused {

    @Test
    void shouldRecordBlockingFindingsWhenRefusedDecisionHasNoPublication() {
      // Given
      Decision.Builder builder = aDecision(Outcome.REFUSED);
      builder.addBlockingFindings(high());

      // When
      Decision decision = builder.build();

      // Then
      assertThat(decision.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(decision.publication()).isEmpty();
      assertThat(decision.blockingFindings()).containsExactly(high());
    }

    @Test
    void shouldRejectRefusedDecisionWhenItHasNoBlockingFindings() {
      // Given
      Decision.Builder builder = aDecision(Outcome.REFUSED);

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(builder::build)
          .withMessageContaining("REFUSED decision records its blocking findings");
    }

    @Test
    void shouldRejectRefusedDecisionWhenItHasAPublication() {
      // Given
      Decision.Builder builder = aDecision(Outcome.REFUSED);
      builder.addBlockingFindings(high()).publication(publication());

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(builder::build)
          .withMessageContaining("no publication");
    }

    @Test
    void shouldAttributeToUnknownRequesterWhenNoneIsGiven() {
      // Given
      Decision.Builder builder = aDecision(Outcome.REFUSED).addBlockingFindings(high());

      // When
      Decision decision = builder.build();

      // Then
      assertThat(decision.requester()).isEqualTo(Requester.unknown());
      assertThat(decision.requester().id()).isEqualTo("unknown");
    }
  }

  @Nested
  @DisplayName("ERROR")
  class Error {

    @Test
    void shouldRejectDecisionWhenOutcomeIsError() {
      // Given
      Decision.Builder builder = aDecision(Outcome.ERROR);

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(builder::build)
          .withMessageContaining("an ERROR is not a decision");
    }

    @Test
    void shouldRejectErrorDecisionEvenWhenItHasAPublication() {
      // Given
      Decision.Builder builder = aDecision(Outcome.ERROR);
      builder.publication(publication());

      // When / Then
      assertThatIllegalArgumentException()
          .isThrownBy(builder::build)
          .withMessageContaining("an ERROR is not a decision");
    }
  }
}

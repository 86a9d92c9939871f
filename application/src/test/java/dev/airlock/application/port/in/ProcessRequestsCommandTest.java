package dev.airlock.application.port.in;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ProcessRequestsCommand")
class ProcessRequestsCommandTest {

  @Nested
  @DisplayName("run id")
  class RunId {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "\t"})
    void shouldRejectTheCommandWhenTheRunIdIsBlank(String blank) {
      // Given / When / Then
      assertThatThrownBy(() -> new ProcessRequestsCommand(blank))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("runId");
    }

    @Test
    void shouldRejectTheCommandWhenTheRunIdIsNull() {
      // Given / When / Then
      assertThatThrownBy(() -> new ProcessRequestsCommand(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("runId");
    }
  }
}

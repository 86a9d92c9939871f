package dev.airlock.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
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

  @Nested
  @DisplayName("commit")
  class Commit {

    @Test
    void shouldKeepTheCommitInLowerCaseWhenItIsHex() {
      // Given / When
      var command = new ProcessRequestsCommand("run-1", Optional.of(" 1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D "));

      // Then
      assertThat(command.commit()).contains("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "main", "1a2b3c", "1a2b3c4d/../x", "gggggggggggggggggggggggggggggggggggggggg"})
    void shouldRejectTheCommandWhenTheCommitIsNotACommitId(String commit) {
      // Given / When / Then
      assertThatThrownBy(() -> new ProcessRequestsCommand("run-1", Optional.of(commit)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("commit");
    }
  }
}

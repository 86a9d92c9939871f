package dev.airlock.adapter.output.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.application.result.RequestOutcome;
import dev.airlock.application.result.RequestStage;
import dev.airlock.application.testing.TestData;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.ScanVerdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the progress display prints, on a terminal and off one. */
class ConsoleProgressTest {
  private final StringWriter text = new StringWriter();
  private final PackageRequest request = TestData.request("tidy-stats", 1);

  private void runOneRequest(ConsoleProgress progress) {
    progress.stage(request, RequestStage.FETCHING);
    progress.fetched(request, 1_000_000);
    progress.fetched(request, 3_100_000);
    progress.stage(request, RequestStage.SCANNING);
    progress.finished(RequestOutcome.error(request, ScanVerdict.error("scanner failed"), Optional.empty(),
        Duration.ofMillis(1200)));
  }

  @Test
  void shouldPrintOneUncolouredLinePerStageWhenNotOnATerminal() {
    // Given
    ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), ConsoleProgress.Mode.PLAIN, false,
        TestData.fixedClock());

    // When
    runOneRequest(progress);

    // Then
    assertThat(text.toString().lines()).containsExactly(
        "tidy-stats: fetching",
        "tidy-stats: scanning (3.1 MB fetched)",
        "tidy-stats: done: ERROR (1.2 s)");
    assertThat(text.toString()).doesNotContain("\u001b");
  }

  @Test
  void shouldRedrawTheRequestLineInPlaceWithColoursButNotOnEveryChunkWhenOnATerminal() {
    // Given
    ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text), ConsoleProgress.Mode.LIVE, true,
        TestData.fixedClock());

    // When
    runOneRequest(progress);

    // Then
    assertThat(text.toString())
        .contains("\u001b[1A\r\u001b[2K")
        .contains("\u001b[36mscanning (3.1 MB fetched)\u001b[0m")
        .as("byte counts within 100 ms of the last redraw are not drawn").doesNotContain("fetching 1.0 MB")
        .contains("\u001b[33mdone: ERROR\u001b[0m (1.2 s)");
  }
}

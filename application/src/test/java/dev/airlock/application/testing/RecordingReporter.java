package dev.airlock.application.testing;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.result.RunResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link RunReporter} that remembers every result it was given, and can be told to fail after that. */
public final class RecordingReporter implements RunReporter {
  private final Exception failure;
  private final List<RunResult> results = new CopyOnWriteArrayList<>();

  private RecordingReporter(Exception failure) {
    this.failure = failure;
  }

  /** A reporter that writes one report, {@code report.json}. */
  public static RecordingReporter working() {
    return new RecordingReporter(null);
  }

  /** A reporter that records the result, then fails with {@code failure}. */
  public static RecordingReporter failing(PortException failure) {
    return new RecordingReporter(failure);
  }

  /** A reporter that records the result, then crashes with {@code crash}. */
  public static RecordingReporter crashing(RuntimeException crash) {
    return new RecordingReporter(crash);
  }

  @Override
  public List<String> report(RunResult result) throws PortException {
    results.add(result);
    if (failure instanceof PortException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    return List.of("report.json");
  }

  /** Every result this reporter was given, in order. */
  public List<RunResult> results() {
    return List.copyOf(results);
  }
}

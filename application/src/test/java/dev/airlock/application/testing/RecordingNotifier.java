package dev.airlock.application.testing;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.result.RunResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Notifier} that remembers every result it was given, and can be told to fail after that. */
public final class RecordingNotifier implements Notifier {
  private final String id;
  private final Exception failure;
  private final List<RunResult> results = new CopyOnWriteArrayList<>();

  private RecordingNotifier(String id, Exception failure) {
    this.id = id;
    this.failure = failure;
  }

  /** A notifier that works. */
  public static RecordingNotifier withId(String id) {
    return new RecordingNotifier(id, null);
  }

  /** A notifier that records the result, then fails with {@code failure}. */
  public static RecordingNotifier failing(String id, PortException failure) {
    return new RecordingNotifier(id, failure);
  }

  /** A notifier that records the result, then crashes with {@code crash}. */
  public static RecordingNotifier crashing(String id, RuntimeException crash) {
    return new RecordingNotifier(id, crash);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void notify(RunResult result) throws PortException {
    results.add(result);
    if (failure instanceof PortException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
  }

  /** Every result this notifier was given, in order. */
  public List<RunResult> results() {
    return List.copyOf(results);
  }
}

package dev.airlock.application.testing;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.CheckNotifier;
import dev.airlock.application.result.CheckResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CheckNotifier} that remembers every check it was given, and can be told to fail after that. */
public final class RecordingCheckNotifier implements CheckNotifier {
  private final String id;
  private final PortException failure;
  private final List<CheckResult> results = new CopyOnWriteArrayList<>();

  private RecordingCheckNotifier(String id, PortException failure) {
    this.id = id;
    this.failure = failure;
  }

  /** A notifier that works. */
  public static RecordingCheckNotifier withId(String id) {
    return new RecordingCheckNotifier(id, null);
  }

  /** A notifier that records the check, then fails with {@code failure}. */
  public static RecordingCheckNotifier failing(String id, PortException failure) {
    return new RecordingCheckNotifier(id, failure);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void notify(CheckResult result) throws PortException {
    results.add(result);
    if (failure != null) {
      throw failure;
    }
  }

  /** Every check this notifier was given, in order. */
  public List<CheckResult> results() {
    return List.copyOf(results);
  }
}

package dev.airlock.application.service;

import dev.airlock.application.port.PortException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every notifier the end of a run. A notifier that fails is a warning of the run, never its
 * failure: the decisions are already recorded, and the other notifiers are still told.
 */
final class Notifications {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  /** One notifier's call. */
  @FunctionalInterface
  interface Call<N> {
    void tell(N notifier) throws PortException;
  }

  private Notifications() {}

  /** Calls each notifier in turn; returns a warning per notifier that failed. */
  static <N> List<String> tellEach(Collection<N> notifiers, Function<N, String> id, Call<N> call) {
    List<String> warnings = new ArrayList<>();
    for (N notifier : notifiers) {
      try {
        call.tell(notifier);
      } catch (PortException | RuntimeException e) {
        LOG.warn("notifier {} failed: {}", id.apply(notifier), Failures.describe(e));
        warnings.add("notifier " + id.apply(notifier) + " failed: " + Failures.describe(e));
      }
    }
    return warnings;
  }
}

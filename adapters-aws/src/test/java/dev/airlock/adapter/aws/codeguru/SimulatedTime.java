package dev.airlock.adapter.aws.codeguru;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Time that passes only when the code under test waits: each wait is recorded and moves the clock on. */
final class SimulatedTime {
  private final List<Duration> waits = new ArrayList<>();
  private Instant now = Instant.parse("2026-11-22T10:00:00Z");

  synchronized void sleep(Duration duration) {
    waits.add(duration);
    now = now.plus(duration);
  }

  /** Every wait so far, in order. */
  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }

  /** All the waits together. */
  synchronized Duration slept() {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }

  /** The clock these waits move on. */
  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        synchronized (SimulatedTime.this) {
          return now;
        }
      }
    };
  }
}

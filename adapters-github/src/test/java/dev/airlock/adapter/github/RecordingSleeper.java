package dev.airlock.adapter.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records each wait and moves its own clock on instead of sleeping. */
public final class RecordingSleeper implements GitHubLimits.Sleeper {
  private final List<Duration> sleeps = new ArrayList<>();
  private Instant now = Instant.now();

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    now = now.plus(duration);
  }

  /** Every wait so far. */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** The clock this sleeper moves on. */
  public Clock clock() {
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
        synchronized (RecordingSleeper.this) {
          return now;
        }
      }
    };
  }
}

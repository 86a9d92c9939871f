package dev.airlock.adapter.github;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How long Airlock waits out GitHub's rate limits: one wait is never longer than {@code maxWait}
 * (a longer one fails the call at once, saying when the limit resets), and hub4j retries a
 * limited call at most twice.
 *
 * @param maxWait the longest single wait for a primary or secondary rate limit
 * @param secondaryDefault the wait for a secondary limit that names no time ({@code retry-after} absent)
 * @param sleeper how waiting is done (tests record instead of sleeping)
 * @param clock the time source when GitHub's response has no {@code Date} header
 */
public record GitHubLimits(Duration maxWait, Duration secondaryDefault, Sleeper sleeper, Clock clock) {

  /** Waits; tests replace it so they need not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public GitHubLimits {
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(secondaryDefault, "secondaryDefault");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(clock, "clock");
    if (maxWait.isNegative() || secondaryDefault.isNegative()) {
      throw new IllegalArgumentException("waits must not be negative");
    }
  }

  /**
   * Up to five minutes per wait; a secondary limit without {@code retry-after} waits a minute and a
   * second, as GitHub's documentation asks.
   */
  public static GitHubLimits defaults() {
    return new GitHubLimits(Duration.ofMinutes(5), Duration.ofSeconds(61), d -> Thread.sleep(d.toMillis()),
        Clock.systemUTC());
  }
}

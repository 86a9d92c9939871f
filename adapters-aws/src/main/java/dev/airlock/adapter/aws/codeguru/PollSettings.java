package dev.airlock.adapter.aws.codeguru;

import java.time.Duration;

/**
 * How a scan is waited for: exponential backoff with full jitter, from {@code initialDelay} up to
 * {@code maxDelay} between polls, giving up after {@code timeout}.
 *
 * @param initialDelay first wait
 * @param maxDelay longest wait between two polls
 * @param timeout longest total wait
 */
public record PollSettings(Duration initialDelay, Duration maxDelay, Duration timeout) {
  public PollSettings {
    if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
        || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("poll settings need 0 < initialDelay <= maxDelay and a positive timeout");
    }
  }

  /** 2 s doubling up to 30 s, for at most {@code timeout}. */
  public static PollSettings withTimeout(Duration timeout) {
    return new PollSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), timeout);
  }
}

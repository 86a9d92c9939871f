package dev.airlock.adapter.aws.inspector;

import java.time.Duration;

/**
 * How ScanSbom calls are retried on throttling (429) and server errors (5xx).
 *
 * @param maxAttempts most calls per batch, the first included
 * @param baseDelay the first backoff when the service gives no {@code Retry-After}; doubled each time
 * @param maxDelay the longest wait, whatever {@code Retry-After} asks for
 */
public record RetrySettings(int maxAttempts, Duration baseDelay, Duration maxDelay) {
  public RetrySettings {
    if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("retry settings need at least one attempt and 0 <= baseDelay <= maxDelay");
    }
  }

  /** Four attempts, backing off from one second, waiting at most 30 seconds at a time. */
  public static RetrySettings defaults() {
    return new RetrySettings(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }
}

package dev.airlock.adapter.github;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/** Reads how long GitHub asks a client to wait, and waits that long or gives up, within {@link GitHubLimits}. */
final class LimitWaits {
  private static final Duration MINIMUM = Duration.ofSeconds(1);

  private LimitWaits() {}

  /** Time until {@code x-ratelimit-reset}, measured against the response's own {@code Date} when it has one. */
  static Optional<Duration> untilReset(GitHubConnectorResponse response, Clock clock) {
    String reset = response.header("X-RateLimit-Reset");
    if (reset == null) {
      return Optional.empty();
    }
    try {
      Instant at = Instant.ofEpochSecond(Long.parseLong(reset.strip()));
      return Optional.of(atLeastMinimum(Duration.between(now(response, clock), at)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The {@code retry-after} header: seconds, or an HTTP date. */
  static Optional<Duration> retryAfter(GitHubConnectorResponse response, Clock clock) {
    String value = response.header("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(atLeastMinimum(Duration.ofSeconds(Long.parseLong(value.strip()))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(atLeastMinimum(Duration.between(now(response, clock), at)));
      } catch (DateTimeParseException ignored) {
        return Optional.empty();
      }
    }
  }

  /** Waits {@code wait}, or fails at once when it is longer than the limits allow. */
  static void waitOrFail(GitHubLimits limits, Duration wait, String limit, GitHubConnectorResponse response)
      throws GitHubLimitException, InterruptedIOException {
    if (wait.compareTo(limits.maxWait()) > 0) {
      throw new GitHubLimitException("GitHub's " + limit + " is reached (HTTP " + response.statusCode()
          + ") and lifts in " + seconds(wait) + ", longer than the " + seconds(limits.maxWait())
          + " Airlock waits; run again later");
    }
    try {
      limits.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting out GitHub's " + limit);
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  private static Instant now(GitHubConnectorResponse response, Clock clock) {
    String date = response.header("Date");
    if (date != null) {
      try {
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException ignored) {
        // fall back to the local clock
      }
    }
    return clock.instant();
  }

  private static Duration atLeastMinimum(Duration wait) {
    return wait.compareTo(MINIMUM) < 0 ? MINIMUM : wait;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }
}

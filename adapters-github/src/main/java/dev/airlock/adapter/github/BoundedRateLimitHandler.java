package dev.airlock.adapter.github;

import java.io.IOException;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * The primary rate limit (HTTP 403 with {@code x-ratelimit-remaining: 0}): waits until
 * {@code x-ratelimit-reset} when that is within {@link GitHubLimits#maxWait()}, then hub4j retries;
 * otherwise fails the call saying when the limit lifts.
 */
final class BoundedRateLimitHandler extends GitHubRateLimitHandler {
  private final GitHubLimits limits;

  BoundedRateLimitHandler(GitHubLimits limits) {
    this.limits = limits;
  }

  @Override
  public void onError(GitHubConnectorResponse response) throws IOException {
    LimitWaits.waitOrFail(limits,
        LimitWaits.untilReset(response, limits.clock()).orElse(limits.secondaryDefault()),
        "API rate limit", response);
  }
}

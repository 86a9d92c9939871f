package dev.airlock.adapter.github;

import java.io.IOException;
import java.time.Duration;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Secondary rate limits (HTTP 429, or 403 with {@code retry-after} or {@code gh-limited-by}): waits
 * for {@code retry-after}, else until {@code x-ratelimit-reset} when the quota is spent, else
 * {@link GitHubLimits#secondaryDefault()}; never longer than {@link GitHubLimits#maxWait()}.
 */
final class BoundedAbuseLimitHandler extends GitHubAbuseLimitHandler {
  private final GitHubLimits limits;

  BoundedAbuseLimitHandler(GitHubLimits limits) {
    this.limits = limits;
  }

  @Override
  public void onError(GitHubConnectorResponse response) throws IOException {
    Duration wait = LimitWaits.retryAfter(response, limits.clock())
        .or(() -> "0".equals(response.header("X-RateLimit-Remaining"))
            ? LimitWaits.untilReset(response, limits.clock()) : java.util.Optional.empty())
        .orElse(limits.secondaryDefault());
    LimitWaits.waitOrFail(limits, wait, "secondary rate limit", response);
  }
}

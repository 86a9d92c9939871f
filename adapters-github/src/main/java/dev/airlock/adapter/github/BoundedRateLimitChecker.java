package dev.airlock.adapter.github;

import java.time.Duration;
import org.kohsuke.github.GHRateLimit;
import org.kohsuke.github.RateLimitChecker;

/**
 * Before a call, when the last response said the quota is spent: waits for the reset (once, and
 * only when it is within {@link GitHubLimits#maxWait()}) instead of sending a call GitHub would
 * refuse. A longer wait is left to {@link BoundedRateLimitHandler}, which fails the call.
 */
final class BoundedRateLimitChecker extends RateLimitChecker {
  private final GitHubLimits limits;

  BoundedRateLimitChecker(GitHubLimits limits) {
    this.limits = limits;
  }

  @Override
  protected boolean checkRateLimit(GHRateLimit.Record record, long count) throws InterruptedException {
    if (count > 0 || record.getRemaining() > 0) {
      return false;
    }
    Duration wait = Duration.between(limits.clock().instant(), record.getResetDate().toInstant());
    if (wait.isNegative() || wait.isZero() || wait.compareTo(limits.maxWait()) > 0) {
      return false;
    }
    limits.sleeper().sleep(wait);
    return true;
  }
}

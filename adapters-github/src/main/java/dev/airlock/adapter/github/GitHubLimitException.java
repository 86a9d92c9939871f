package dev.airlock.adapter.github;

import org.kohsuke.github.GHIOException;

/**
 * GitHub's rate limit will not lift within the time Airlock waits. A {@link GHIOException}, so
 * hub4j passes it to the caller as it is.
 */
final class GitHubLimitException extends GHIOException {
  private static final long serialVersionUID = 1L;

  GitHubLimitException(String message) {
    super(message);
  }
}

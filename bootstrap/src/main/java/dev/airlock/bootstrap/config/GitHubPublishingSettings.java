package dev.airlock.bootstrap.config;

import java.util.Optional;

/**
 * Settings of the GitHub notifier and the GitHub release repository; each is checked only when its
 * adapter is chosen.
 *
 * @param apiUrl the API base URL ({@code https://api.github.com}, or {@code https://host/api/v3})
 * @param repository {@code owner/name} of the request repository, whose commits get the status and comment
 * @param releaseRepository {@code owner/name} of the private repository approved packages are released to
 */
public record GitHubPublishingSettings(String apiUrl, Optional<String> repository, Optional<String> releaseRepository) {

  /** No GitHub publishing configured. */
  public static GitHubPublishingSettings none() {
    return new GitHubPublishingSettings("https://api.github.com", Optional.empty(), Optional.empty());
  }
}

package dev.airlock.bootstrap.config;

import java.util.Optional;

/**
 * Settings of the GitHub adapters; each is checked only when a GitHub adapter is chosen. The token
 * from the environment is kept out of {@link #toString()}.
 *
 * @param apiUrl the API base URL ({@code https://api.github.com}, or {@code https://host/api/v3})
 * @param repository {@code owner/name} of the repository holding the request file
 * @param commit the commit that started the run
 * @param baseCommit the commit the push started from
 * @param environmentToken the token from {@code AIRLOCK_GITHUB_TOKEN}, when set
 * @param releaseRepository {@code owner/name} of the private repository approved packages are released to
 */
public record GitHubSettings(
    String apiUrl,
    Optional<String> repository,
    Optional<String> commit,
    Optional<String> baseCommit,
    Optional<String> environmentToken,
    Optional<String> releaseRepository) {

  /** No GitHub adapter configured. */
  public static GitHubSettings none() {
    return new GitHubSettings("https://api.github.com", Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /** True when the repository and the commit are known: the request source then defaults to GitHub. */
  public boolean knowsCommit() {
    return repository.filter(r -> !r.isBlank()).isPresent() && commit.filter(c -> !c.isBlank()).isPresent();
  }

  @Override
  public String toString() {
    return "GitHubSettings[apiUrl=" + apiUrl + ", repository=" + repository + ", commit=" + commit
        + ", baseCommit=" + baseCommit + ", environmentToken=" + (environmentToken.isPresent() ? "(set)" : "(unset)")
        + ", releaseRepository=" + releaseRepository + "]";
  }
}

package dev.airlock.bootstrap.config;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * Settings of the GitHub adapters; each is checked only when a GitHub adapter is chosen. The token
 * from the environment is kept out of {@link #toString()}.
 */
@Value.Immutable
public abstract class GitHubSettings {

  /** The API base URL ({@code https://api.github.com}, or {@code https://host/api/v3}). */
  @Value.Default
  public String apiUrl() {
    return "https://api.github.com";
  }

  /** {@code owner/name} of the repository holding the request file. */
  public abstract Optional<String> repository();

  /** The commit that started the run. */
  public abstract Optional<String> commit();

  /** The commit the push started from. */
  public abstract Optional<String> baseCommit();

  /** The token from {@code AIRLOCK_GITHUB_TOKEN}, when set. */
  @Value.Redacted
  public abstract Optional<String> environmentToken();

  /** {@code owner/name} of the private repository approved packages are released to. */
  public abstract Optional<String> releaseRepository();

  /** True when the repository and the commit are known: the request source then defaults to GitHub. */
  public boolean knowsCommit() {
    return repository().filter(r -> !r.isBlank()).isPresent() && commit().filter(c -> !c.isBlank()).isPresent();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link GitHubSettings}. */
  public static final class Builder extends ImmutableGitHubSettings.Builder {}
}

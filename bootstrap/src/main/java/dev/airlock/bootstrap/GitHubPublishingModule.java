package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.airlock.adapter.github.notify.GitHubNotifier;
import dev.airlock.adapter.github.repository.GitHubReleaseRepository;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.bootstrap.config.AwsSettings;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubPublishingSettings;
import dev.airlock.bootstrap.config.Settings;
import java.io.IOException;
import java.util.Optional;
import javax.inject.Provider;
import javax.inject.Singleton;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.authorization.AuthorizationProvider;

/** The GitHub notifier and the GitHub release repository, under the names the configuration uses for them. */
@Module
final class GitHubPublishingModule {
  private GitHubPublishingModule() {}

  @Provides
  @IntoMap
  @StringKey(GitHubNotifier.ID)
  static Notifier gitHubNotifier(Settings settings, Provider<GitHub> github) {
    String repository = AwsSettings.required(settings.githubPublishing().repository(), "--github-repository",
        "AIRLOCK_GITHUB_REPOSITORY", "for --notifiers github");
    try {
      return new GitHubNotifier(github.get(), repository);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--github-repository: " + e.getMessage(), e);
    }
  }

  @Provides
  @IntoMap
  @StringKey(GitHubReleaseRepository.ID)
  static PackageRepository gitHubReleases(Settings settings, Provider<GitHub> github,
      Provider<AuthorizationProvider> authorization) {
    GitHubPublishingSettings gh = settings.githubPublishing();
    String releases = AwsSettings.required(gh.releaseRepository(), "--github-release-repository",
        "AIRLOCK_GITHUB_RELEASE_REPOSITORY", "for --repository github");
    // Requesters can push to the request repository, so they could replace a release's asset there.
    if (gh.repository().filter(r -> r.equalsIgnoreCase(releases)).isPresent()) {
      throw new ConfigurationException("--github-release-repository must not be the request repository ("
          + releases + "): whoever can push requests there could replace an approved package's asset");
    }
    try {
      return new GitHubReleaseRepository(github.get(), releases, authorization.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--github-release-repository: " + e.getMessage(), e);
    }
  }

  // TODO(integrator): replace with GitHubModule's client (bounded rate limits, the token read once).
  @Provides
  @Singleton
  static GitHub gitHub(Settings settings, AuthorizationProvider authorization) {
    try {
      return new GitHubBuilder().withEndpoint(settings.githubPublishing().apiUrl())
          .withAuthorizationProvider(authorization).build();
    } catch (IOException e) {
      throw new ConfigurationException("cannot set up the GitHub client: " + e.getMessage(), e);
    }
  }

  // TODO(integrator): replace with GitHubModule's token (Secrets Manager or AIRLOCK_GITHUB_TOKEN, read once).
  @Provides
  @Singleton
  static AuthorizationProvider gitHubAuthorization() {
    Optional<String> token = Optional.ofNullable(System.getenv("AIRLOCK_GITHUB_TOKEN")).filter(t -> !t.isBlank());
    return token.<AuthorizationProvider>map(t -> () -> "Bearer " + t).orElse(AuthorizationProvider.ANONYMOUS);
  }
}

package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.airlock.adapter.github.notify.GitHubNotifier;
import dev.airlock.adapter.github.repository.GitHubReleaseRepository;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.Required;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import javax.inject.Provider;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * The GitHub notifier and the GitHub release repository, under the names the configuration uses for
 * them, on {@link GitHubModule}'s one client and token.
 */
@Module
final class GitHubPublishingModule {
  private GitHubPublishingModule() {}

  @Provides
  @IntoMap
  @StringKey(GitHubNotifier.ID)
  static Notifier gitHubNotifier(Settings settings, Provider<GitHub> github) {
    String repository = Required.value(settings.github().repository(), Catalogue.GITHUB_REPOSITORY,
        "for --notifiers github");
    try {
      return new GitHubNotifier(github.get(), repository);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--github-repository: " + e.getMessage(), e);
    }
  }

  @Provides
  @IntoMap
  @StringKey(GitHubReleaseRepository.ID)
  static PackageRepository gitHubReleases(Settings settings, Provider<GitHub> github, Provider<GitHubToken> token) {
    GitHubSettings gh = settings.github();
    String releases = Required.value(gh.releaseRepository(), Catalogue.GITHUB_RELEASE_REPOSITORY,
        "for --repository github");
    // Requesters can push to the request repository, so they could replace a release's asset there.
    if (gh.repository().filter(r -> r.equalsIgnoreCase(releases)).isPresent()) {
      throw new ConfigurationException("--github-release-repository must not be the request repository ("
          + releases + "): whoever can push requests there could replace an approved package's asset");
    }
    try {
      GitHubToken tokens = token.get();
      // The asset upload streams outside hub4j, so it sends the same credentials the client does.
      AuthorizationProvider authorization = () -> "Bearer " + tokens.get();
      return new GitHubReleaseRepository(github.get(), releases, authorization);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--github-release-repository: " + e.getMessage(), e);
    }
  }
}

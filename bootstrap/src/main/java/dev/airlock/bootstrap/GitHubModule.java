package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.airlock.adapter.aws.secrets.SecretsManagerTokenSource;
import dev.airlock.adapter.github.GitHubClients;
import dev.airlock.adapter.github.GitHubLimits;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.adapter.github.pullrequest.GitHubPullRequests;
import dev.airlock.adapter.github.source.GitHubFiles;
import dev.airlock.adapter.github.source.GitHubRequestSource;
import dev.airlock.adapter.github.source.GitHubSourceSettings;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.GitHubSettings;
import dev.airlock.bootstrap.config.Required;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import java.net.URI;
import java.net.URISyntaxException;
import javax.inject.Provider;
import javax.inject.Singleton;
import org.kohsuke.github.GitHub;

/**
 * The GitHub client (built once, and only when a GitHub adapter is chosen) and the GitHub adapters,
 * each under the name the configuration uses for it.
 */
@Module
final class GitHubModule {
  private GitHubModule() {}

  @Provides
  @Singleton
  static GitHubToken token(Settings settings, Provider<SecretsManagerTokenSource> secrets) {
    return new GitHubToken(settings.aws().githubTokenSecretId(), settings.github().environmentToken(), secrets);
  }

  /** One client for every GitHub adapter; nothing is sent, and no secret read, until the first call. */
  @Provides
  @Singleton
  static GitHub github(Settings settings, GitHubToken token) {
    if (!token.configured()) {
      throw ConfigurationException.badValue("GitHub adapters need a token: set " + Catalogue.GITHUB_TOKEN.variable()
          + " or " + Catalogue.GITHUB_TOKEN_SECRET_ID.option().orElseThrow() + " ("
          + Catalogue.GITHUB_TOKEN_SECRET_ID.variable() + ")");
    }
    try {
      return GitHubClients.connect(new URI(settings.github().apiUrl().strip()), token, GitHubLimits.defaults());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw ConfigurationException.badValue(Catalogue.GITHUB_API_URL.optionOrVariable() + ": " + e.getMessage());
    }
  }

  @Provides
  @IntoMap
  @StringKey(GitHubRequestSource.ID)
  static RequestSource githubRequestSource(Settings settings, Provider<GitHub> github) {
    GitHubSettings gh = settings.github();
    String why = "for --source github";
    String path = settings.requestFile().orElseThrow(() -> new ConfigurationException("no request file given"))
        .toString();
    GitHubSourceSettings source;
    try {
      source = new GitHubSourceSettings(
          RepositoryName.parse(Required.value(gh.repository(), Catalogue.GITHUB_REPOSITORY, why)),
          path,
          Required.value(gh.commit(), Catalogue.COMMIT, why),
          gh.baseCommit());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    return new GitHubRequestSource(github.get(), source);
  }

  /** The pull requests of the request repository, for {@code airlock check}. */
  @Provides
  static GitHubPullRequests pullRequests(Settings settings, Provider<GitHub> github) {
    return new GitHubPullRequests(github.get(), requestRepository(settings, "to check a pull request"));
  }

  /** Files of the request repository at a commit (a policy kept beside the request file). */
  @Provides
  static GitHubFiles files(Settings settings, Provider<GitHub> github) {
    return new GitHubFiles(github.get(), requestRepository(settings, "to read files of the request repository"));
  }

  private static RepositoryName requestRepository(Settings settings, String why) {
    String name = Required.value(settings.github().repository(), Catalogue.GITHUB_REPOSITORY, why);
    try {
      return RepositoryName.parse(name);
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.badValue(Catalogue.GITHUB_REPOSITORY.optionOrVariable() + ": " + e.getMessage());
    }
  }
}

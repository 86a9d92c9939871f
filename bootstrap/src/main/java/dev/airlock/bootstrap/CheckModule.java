package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.airlock.adapter.github.RepositoryName;
import dev.airlock.adapter.github.pullrequest.GitHubPullRequestNotifier;
import dev.airlock.adapter.github.pullrequest.PullRequest;
import dev.airlock.adapter.github.source.GitHubRequestSource;
import dev.airlock.adapter.github.source.GitHubSourceSettings;
import dev.airlock.adapter.intake.source.CsvFileRequestSource;
import dev.airlock.application.port.in.CheckRequestsUseCase;
import dev.airlock.application.port.out.ArchiveEntries;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.CheckNotifier;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.service.CheckRequestsService;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Required;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Provider;
import org.kohsuke.github.GitHub;

/**
 * The check use case: the request source gives only the rows the pull request adds, and the notifiers
 * report on the pull request. No package repository and no ledger are provided here, nor asked for.
 */
@Module
final class CheckModule {
  private CheckModule() {}

  @Provides
  static CheckRequestsUseCase checkRequests(Settings settings, CheckTarget target, Provider<GitHub> github,
      Provider<CsvFileRequestSource> csv, ArtifactFetcher fetcher, List<SecurityScanner> scanners,
      ArchiveEntries entries, Clock clock, RunOutputs outputs, List<RunReporter> reporters,
      DistributionReader distributions) {
    RequestSource source = switch (settings.source()) {
      case GitHubRequestSource.ID -> {
        PullRequest pull = pullRequest(target, "--source github");
        String path = settings.requestFile().orElseThrow(() -> new ConfigurationException("no request file given"))
            .toString();
        try {
          yield new GitHubRequestSource(github.get(),
              GitHubSourceSettings.addedRows(repository(settings, "--source github"), path, pull.headSha(),
                  pull.baseSha()));
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException(e.getMessage(), e);
        }
      }
      default -> csv.get();
    };
    List<CheckNotifier> notifiers = new ArrayList<>();
    for (String name : settings.notifiers()) {
      if (name.equals(GitHubPullRequestNotifier.ID)) {
        notifiers.add(new GitHubPullRequestNotifier(github.get(), repository(settings, "--notifiers github"),
            pullRequest(target, "--notifiers github"), target.policyPath()));
      }
    }
    return new CheckRequestsService(source, fetcher, scanners, notifiers, reporters, clock, settings.concurrency(),
        outputs.progress(), Optional.of(entries), Optional.of(distributions));
  }

  private static PullRequest pullRequest(CheckTarget target, String why) {
    return target.pullRequest().orElseThrow(() -> new ConfigurationException(why + " checks a pull request: pass "
        + Catalogue.PULL_REQUEST.optionOrVariable() + ", or CodeBuild's CODEBUILD_WEBHOOK_TRIGGER pr/N"));
  }

  private static RepositoryName repository(Settings settings, String why) {
    String name = Required.value(settings.github().repository(), Catalogue.GITHUB_REPOSITORY, "for " + why);
    try {
      return RepositoryName.parse(name);
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.badValue(Catalogue.GITHUB_REPOSITORY.optionOrVariable() + ": " + e.getMessage());
    }
  }
}

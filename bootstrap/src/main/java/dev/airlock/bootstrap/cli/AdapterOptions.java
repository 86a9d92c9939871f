package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.config.AwsSettings;
import dev.airlock.bootstrap.config.GitHubSettings;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Settings of the AWS and GitHub adapters, for {@code run}; each is checked only when its adapter is chosen. */
final class AdapterOptions {
  @Option(names = "--codeartifact-domain", description = "CodeArtifact domain. Env: AIRLOCK_CODEARTIFACT_DOMAIN.")
  Optional<String> codeartifactDomain;

  @Option(names = "--codeartifact-domain-owner", description = "CodeArtifact domain owner (account id). Env: AIRLOCK_CODEARTIFACT_DOMAIN_OWNER.")
  Optional<String> codeartifactDomainOwner;

  @Option(names = "--codeartifact-repository", description = "CodeArtifact repository. Env: AIRLOCK_CODEARTIFACT_REPOSITORY.")
  Optional<String> codeartifactRepository;

  @Option(names = "--codeartifact-namespace", defaultValue = "airlock",
      description = "CodeArtifact generic namespace. Env: AIRLOCK_CODEARTIFACT_NAMESPACE. Default: ${DEFAULT-VALUE}.")
  String codeartifactNamespace;

  @Option(names = "--codeartifact-format", defaultValue = "native", description = "How approved packages are "
      + "published to CodeArtifact: native (Python dists as pypi, npm tarballs as npm, anything else generic) or "
      + "generic (everything generic). Env: AIRLOCK_CODEARTIFACT_FORMAT. Default: ${DEFAULT-VALUE}.")
  String codeartifactFormat;

  @Option(names = "--codeguru-analysis-type", defaultValue = "Security",
      description = "CodeGuru Security analysis: Security or All. Env: AIRLOCK_CODEGURU_ANALYSIS_TYPE. Default: ${DEFAULT-VALUE}.")
  String codeguruAnalysisType;

  @Option(names = "--sns-topic-arn", description = "SNS topic for notifications. Env: AIRLOCK_SNS_TOPIC_ARN.")
  Optional<String> snsTopicArn;

  @Option(names = "--dynamodb-table", description = "DynamoDB ledger table. Env: AIRLOCK_DYNAMODB_TABLE.")
  Optional<String> dynamodbTable;

  @Option(names = "--github-api-url", defaultValue = "https://api.github.com",
      description = "GitHub API base URL. Env: AIRLOCK_GITHUB_API_URL. Default: ${DEFAULT-VALUE}.")
  String githubApiUrl;

  @Option(names = "--github-repository", description = "owner/name of the GitHub repository. Env: AIRLOCK_GITHUB_REPOSITORY.")
  Optional<String> githubRepository;

  @Option(names = "--github-token-secret-id", description = "Secrets Manager id of the GitHub token (or set AIRLOCK_GITHUB_TOKEN). Env: AIRLOCK_GITHUB_TOKEN_SECRET_ID.")
  Optional<String> githubTokenSecretId;

  @Option(names = "--commit", paramLabel = "SHA",
      description = "Commit that started the run (--source github). Env: AIRLOCK_COMMIT, else CODEBUILD_RESOLVED_SOURCE_VERSION.")
  Optional<String> commit;

  @Option(names = "--base-commit", paramLabel = "SHA",
      description = "Commit the push started from (default: the commit's parent). Env: AIRLOCK_BASE_COMMIT, else CODEBUILD_WEBHOOK_PREV_COMMIT.")
  Optional<String> baseCommit;

  @Option(names = "--github-release-repository", description = "owner/name of the private repository approved "
      + "packages are released to (--repository github); not the request repository. Env: AIRLOCK_GITHUB_RELEASE_REPOSITORY.")
  Optional<String> githubReleaseRepository;

  /** The GitHub adapters' settings: these options, CodeBuild's variables as fallbacks, and the token variable. */
  GitHubSettings github(Map<String, String> environment) {
    return new GitHubSettings(githubApiUrl, githubRepository.filter(r -> !r.isBlank()),
        commit.or(() -> present(environment, "CODEBUILD_RESOLVED_SOURCE_VERSION")),
        baseCommit.or(() -> present(environment, "CODEBUILD_WEBHOOK_PREV_COMMIT")),
        present(environment, "AIRLOCK_GITHUB_TOKEN"),
        githubReleaseRepository.filter(r -> !r.isBlank()));
  }

  private static Optional<String> present(Map<String, String> environment, String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
  }

  /** The AWS adapters' settings these options describe. */
  AwsSettings aws() {
    return new AwsSettings(codeartifactDomain, codeartifactDomainOwner, codeartifactRepository, codeartifactNamespace,
        codeartifactFormat, snsTopicArn, githubTokenSecretId, codeguruAnalysisType, dynamodbTable);
  }
}

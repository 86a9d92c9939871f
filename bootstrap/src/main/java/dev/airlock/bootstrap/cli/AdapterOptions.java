package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.config.AwsSettings;
import dev.airlock.bootstrap.config.GitHubPublishingSettings;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Settings for adapters that later builds provide; accepted now so scripts can be written against them. */
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

  @Option(names = "--github-release-repository", description = "owner/name of the private repository approved "
      + "packages are released to (--repository github); not the request repository. Env: AIRLOCK_GITHUB_RELEASE_REPOSITORY.")
  Optional<String> githubReleaseRepository;

  /** The GitHub notifier's and release repository's settings these options describe. */
  GitHubPublishingSettings githubPublishing() {
    return new GitHubPublishingSettings(githubApiUrl, githubRepository.filter(r -> !r.isBlank()),
        githubReleaseRepository.filter(r -> !r.isBlank()));
  }

  /** The AWS adapters' settings these options describe. */
  AwsSettings aws() {
    return new AwsSettings(codeartifactDomain, codeartifactDomainOwner, codeartifactRepository, codeartifactNamespace,
        snsTopicArn, githubTokenSecretId, codeguruAnalysisType, dynamodbTable);
  }
}

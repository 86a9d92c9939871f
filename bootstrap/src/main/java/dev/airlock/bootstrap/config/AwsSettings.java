package dev.airlock.bootstrap.config;

import java.util.Optional;

/**
 * Settings of the AWS adapters; each is checked only when its adapter is chosen.
 *
 * @param codeartifactDomain CodeArtifact domain
 * @param codeartifactDomainOwner account owning the domain
 * @param codeartifactRepository CodeArtifact repository
 * @param codeartifactNamespace generic namespace
 * @param codeartifactFormat {@code native} (pypi, npm, else generic) or {@code generic}
 * @param snsTopicArn SNS topic for notifications
 * @param githubTokenSecretId Secrets Manager id of the GitHub token
 * @param codeguruAnalysisType CodeGuru Security analysis type ({@code Security} or {@code All})
 * @param dynamodbTable DynamoDB table of the ledger
 */
public record AwsSettings(
    Optional<String> codeartifactDomain,
    Optional<String> codeartifactDomainOwner,
    Optional<String> codeartifactRepository,
    String codeartifactNamespace,
    String codeartifactFormat,
    Optional<String> snsTopicArn,
    Optional<String> githubTokenSecretId,
    String codeguruAnalysisType,
    Optional<String> dynamodbTable) {

  /** No AWS adapter configured. */
  public static AwsSettings none() {
    return new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty(), "airlock", "native",
        Optional.empty(), Optional.empty(), "Security", Optional.empty());
  }

  /** A required value, or a configuration error naming the option and its environment variable. */
  public static String required(Optional<String> value, String option, String variable, String why) {
    return value.filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigurationException(
        option + " (or " + variable + ") is required " + why));
  }
}

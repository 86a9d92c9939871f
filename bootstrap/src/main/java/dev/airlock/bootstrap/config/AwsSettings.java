package dev.airlock.bootstrap.config;

import java.util.Optional;
import org.immutables.value.Value;

/** Settings of the AWS adapters; each is checked only when its adapter is chosen ({@link Required}). */
@Value.Immutable
public abstract class AwsSettings {

  public abstract Optional<String> codeartifactDomain();

  /** The account that owns the domain. */
  public abstract Optional<String> codeartifactDomainOwner();

  public abstract Optional<String> codeartifactRepository();

  /** The generic namespace packages are published under. */
  @Value.Default
  public String codeartifactNamespace() {
    return "airlock";
  }

  /** How approved packages are published: {@code native} (pypi, npm, else generic) or {@code generic}. */
  @Value.Default
  public String codeartifactFormat() {
    return "native";
  }

  /** The SNS topic notifications go to. */
  public abstract Optional<String> snsTopicArn();

  /** Secrets Manager id of the GitHub token. */
  public abstract Optional<String> githubTokenSecretId();

  /** CodeGuru Security's analysis type: {@code Security} or {@code All}. */
  @Value.Default
  public String codeguruAnalysisType() {
    return "Security";
  }

  /** The DynamoDB table of the ledger. */
  public abstract Optional<String> dynamodbTable();

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link AwsSettings}. */
  public static final class Builder extends ImmutableAwsSettings.Builder {}
}

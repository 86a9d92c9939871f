package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.airlock.bootstrap.config.ConfigurationException;
import java.util.function.Supplier;
import javax.inject.Singleton;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.codeartifact.CodeartifactClient;
import software.amazon.awssdk.services.codegurusecurity.CodeGuruSecurityClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.inspectorscan.InspectorScanClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * One AWS SDK client per service, built from the SDK's default chain: region, credentials, retries
 * and endpoints ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}) all come from the
 * environment, so nothing here overrides them. The URL-connection HTTP client keeps start-up short.
 * Clients are built only when an adapter that needs them is chosen.
 */
@Module
final class AwsClientModule {
  private AwsClientModule() {}

  @Provides
  @Singleton
  static CodeGuruSecurityClient codeGuruSecurity() {
    return build("CodeGuru Security", () -> CodeGuruSecurityClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
  }

  /**
   * Inspector Scan makes one attempt per call: the scanner retries throttling and server errors
   * itself, waiting as long as the service's {@code Retry-After} asks, which the SDK does not read.
   */
  @Provides
  @Singleton
  static InspectorScanClient inspectorScan() {
    return build("Inspector Scan", () -> InspectorScanClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build());
  }

  @Provides
  @Singleton
  static CodeartifactClient codeArtifact() {
    return build("CodeArtifact", () -> CodeartifactClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
  }

  @Provides
  @Singleton
  static SnsClient sns() {
    return build("SNS", () -> SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build());
  }

  @Provides
  @Singleton
  static DynamoDbClient dynamoDb() {
    return build("DynamoDB", () -> DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build());
  }

  @Provides
  @Singleton
  static SecretsManagerClient secretsManager() {
    return build("Secrets Manager", () -> SecretsManagerClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
  }

  /** A missing region or broken profile is a configuration error (exit 2), said in one line. */
  private static <T> T build(String service, Supplier<T> builder) {
    try {
      return builder.get();
    } catch (SdkClientException e) {
      String reason = e.getMessage() != null && e.getMessage().contains("Unable to load region")
          ? "no AWS region is configured (set AWS_REGION or a profile region)" : e.getMessage();
      throw new ConfigurationException("cannot create the " + service + " client: " + reason, e);
    }
  }
}

package dev.airlock.adapter.aws.testing;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.codeartifact.CodeartifactClient;
import software.amazon.awssdk.services.codegurusecurity.CodeGuruSecurityClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.inspectorscan.InspectorScanClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds real AWS SDK v2 clients that talk to a WireMock server: its base URL as endpoint, a fixed
 * region, fake static credentials and the same {@link UrlConnectionHttpClient} bootstrap uses.
 * Every client uses the SDK's standard retry strategy ({@value #DEFAULT_ATTEMPTS} attempts unless a
 * {@code maxAttempts} is given) with no backoff and no retry quota, so throttling and 5xx tests stay
 * fast and count attempts exactly.
 */
public final class WireMockAws {
  /** Attempts the SDK's standard retry strategy makes by default. */
  public static final int DEFAULT_ATTEMPTS = 3;

  private WireMockAws() {}

  public static CodeGuruSecurityClient codeGuru(WireMockRuntimeInfo wm) {
    return codeGuru(wm, DEFAULT_ATTEMPTS);
  }

  public static CodeGuruSecurityClient codeGuru(WireMockRuntimeInfo wm, int maxAttempts) {
    return build(CodeGuruSecurityClient.builder(), wm, maxAttempts);
  }

  public static CodeartifactClient codeArtifact(WireMockRuntimeInfo wm) {
    return codeArtifact(wm, DEFAULT_ATTEMPTS);
  }

  public static CodeartifactClient codeArtifact(WireMockRuntimeInfo wm, int maxAttempts) {
    return build(CodeartifactClient.builder(), wm, maxAttempts);
  }

  /**
   * A CodeArtifact client that also hands every request to {@code interceptor}, for what the wire
   * cannot show (the SDK's signer replaces {@code x-amz-content-sha256} with its own payload hash).
   */
  public static CodeartifactClient codeArtifact(WireMockRuntimeInfo wm, int maxAttempts,
      ExecutionInterceptor interceptor) {
    return build(CodeartifactClient.builder(), wm, maxAttempts, o -> o.addExecutionInterceptor(interceptor));
  }

  /** An Inspector Scan client that makes exactly {@code maxAttempts} attempts per call. */
  public static InspectorScanClient inspectorScan(WireMockRuntimeInfo wm, int maxAttempts) {
    return build(InspectorScanClient.builder(), wm, maxAttempts);
  }

  public static SnsClient sns(WireMockRuntimeInfo wm) {
    return sns(wm, DEFAULT_ATTEMPTS);
  }

  public static SnsClient sns(WireMockRuntimeInfo wm, int maxAttempts) {
    return build(SnsClient.builder(), wm, maxAttempts);
  }

  public static DynamoDbClient dynamoDb(WireMockRuntimeInfo wm) {
    return dynamoDb(wm, DEFAULT_ATTEMPTS);
  }

  public static DynamoDbClient dynamoDb(WireMockRuntimeInfo wm, int maxAttempts) {
    return build(DynamoDbClient.builder(), wm, maxAttempts);
  }

  public static SecretsManagerClient secretsManager(WireMockRuntimeInfo wm) {
    return secretsManager(wm, DEFAULT_ATTEMPTS);
  }

  public static SecretsManagerClient secretsManager(WireMockRuntimeInfo wm, int maxAttempts) {
    return build(SecretsManagerClient.builder(), wm, maxAttempts);
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, WireMockRuntimeInfo wm, int maxAttempts) {
    return build(builder, wm, maxAttempts, o -> { });
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, WireMockRuntimeInfo wm, int maxAttempts, Consumer<ClientOverrideConfiguration.Builder> more) {
    return builder
        .endpointOverride(URI.create(wm.getHttpBaseUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDAIRLOCKTEST", "airlock-test-secret-key")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(o -> {
          o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
              .maxAttempts(maxAttempts)
              .backoffStrategy(BackoffStrategy.retryImmediately())
              .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
              .circuitBreakerEnabled(false)
              .build());
          more.accept(o);
        })
        .build();
  }
}

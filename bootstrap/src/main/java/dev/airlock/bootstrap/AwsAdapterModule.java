package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.airlock.adapter.aws.codeartifact.CodeArtifactRepository;
import dev.airlock.adapter.aws.codeartifact.CodeArtifactSettings;
import dev.airlock.adapter.aws.codeguru.CodeGuruSecurityScanner;
import dev.airlock.adapter.aws.codeguru.PollSettings;
import dev.airlock.adapter.aws.dynamodb.DynamoDbDecisionLedger;
import dev.airlock.adapter.aws.inspector.CycloneDxSbomGenerator;
import dev.airlock.adapter.aws.inspector.InspectorSbomScanner;
import dev.airlock.adapter.aws.inspector.RetrySettings;
import dev.airlock.adapter.aws.secrets.SecretsManagerTokenSource;
import dev.airlock.adapter.aws.sns.SnsNotifier;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.bootstrap.config.AwsSettings;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Required;
import dev.airlock.bootstrap.config.ServiceUnavailableException;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.inject.Provider;
import javax.inject.Singleton;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codeartifact.CodeartifactClient;
import software.amazon.awssdk.services.codegurusecurity.CodeGuruSecurityClient;
import software.amazon.awssdk.services.codegurusecurity.model.AnalysisType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.inspectorscan.InspectorScanClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The AWS adapters, each under the name the configuration uses for it. */
@Module(includes = AwsClientModule.class)
final class AwsAdapterModule {
  private AwsAdapterModule() {}

  @Provides
  @IntoMap
  @StringKey(CodeGuruSecurityScanner.ID)
  static SecurityScanner codeGuru(Settings settings, Provider<CodeGuruSecurityClient> client) {
    AnalysisType analysisType = AnalysisType.fromValue(settings.aws().codeguruAnalysisType());
    if (analysisType == AnalysisType.UNKNOWN_TO_SDK_VERSION) {
      throw ConfigurationException.badValue("CodeGuru analysis type '" + settings.aws().codeguruAnalysisType()
          + "' is not one of " + String.join(", ", Catalogue.CODEGURU_ANALYSIS_TYPE.choices()));
    }
    HttpClient uploader = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    return new CodeGuruSecurityScanner(client.get(), uploader, analysisType, PollSettings.withTimeout(settings.scanTimeout()));
  }

  /** Builds SBOMs from an archive's manifests; needs no AWS, so {@code scan --sbom-out} uses it alone too. */
  @Provides
  static CycloneDxSbomGenerator sbomGenerator(ArchiveReader reader) {
    return new CycloneDxSbomGenerator(reader);
  }

  @Provides
  @IntoMap
  @StringKey(InspectorSbomScanner.ID)
  static SecurityScanner inspector(Provider<InspectorScanClient> client, CycloneDxSbomGenerator generator,
      SbomRecorder sboms) {
    return new InspectorSbomScanner(client.get(), generator, RetrySettings.defaults(), sboms::record);
  }

  /** The SBOM the Inspector scanner built last, for {@code scan --sbom-out}. */
  @Provides
  @Singleton
  static SbomRecorder sbomRecorder() {
    return new SbomRecorder();
  }

  @Provides
  @IntoMap
  @StringKey(CodeArtifactRepository.ID)
  static PackageRepository codeArtifact(Settings settings, Provider<CodeartifactClient> client) {
    AwsSettings aws = settings.aws();
    String why = "for --repository codeartifact";
    try {
      CodeArtifactSettings target = new CodeArtifactSettings(
          Required.value(aws.codeartifactDomain(), Catalogue.CODEARTIFACT_DOMAIN, why),
          aws.codeartifactDomainOwner().filter(o -> !o.isBlank()),
          Required.value(aws.codeartifactRepository(), Catalogue.CODEARTIFACT_REPOSITORY, why),
          aws.codeartifactNamespace(),
          CodeArtifactSettings.Format.parse(aws.codeartifactFormat()));
      return new CodeArtifactRepository(client.get(), target);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  @Provides
  @IntoMap
  @StringKey(SnsNotifier.ID)
  static Notifier sns(Settings settings, Provider<SnsClient> client) {
    String topic = Required.value(settings.aws().snsTopicArn(), Catalogue.SNS_TOPIC_ARN, "for --notifiers sns");
    return new SnsNotifier(client.get(), topic);
  }

  @Provides
  @IntoMap
  @StringKey(DynamoDbDecisionLedger.ID)
  static DecisionLedger dynamoDbLedger(Settings settings, Provider<DynamoDbClient> client) {
    String table = Required.value(settings.aws().dynamodbTable(), Catalogue.DYNAMODB_TABLE, "for --ledger dynamodb");
    DynamoDbDecisionLedger ledger = new DynamoDbDecisionLedger(client.get(), table);
    try {
      ledger.checkTable();
    } catch (PortException e) {
      if (isTransient(e.getCause())) {
        throw new ServiceUnavailableException("ledger: " + e.getMessage() + ". This looks transient (DynamoDB did "
            + "not answer, failed or throttled): nothing was fetched or published; run again", e);
      }
      throw new ConfigurationException("ledger: " + e.getMessage(), e);
    }
    return ledger;
  }

  /**
   * A failure the service may not repeat: no answer on the network, a server error or throttling; not
   * a missing table, a denial or missing credentials, which the next run would meet again.
   */
  private static boolean isTransient(Throwable cause) {
    if (cause instanceof AwsServiceException service) {
      return service.statusCode() >= 500 || service.isThrottlingException();
    }
    if (cause instanceof SdkClientException) {
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof IOException) {
          return true;
        }
      }
    }
    return false;
  }

  @Provides
  static SecretsManagerTokenSource tokenSource(SecretsManagerClient client) {
    return new SecretsManagerTokenSource(client);
  }
}

package dev.airlock.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import dev.airlock.adapter.aws.inspector.CycloneDxSbomGenerator;
import dev.airlock.adapter.aws.secrets.SecretsManagerTokenSource;
import dev.airlock.application.port.in.ProcessRequestsUseCase;
import dev.airlock.application.port.in.ScanArchiveUseCase;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.domain.SeverityPolicy;
import java.io.PrintWriter;
import java.time.Clock;
import javax.inject.Singleton;

/** The object graph of one command: use cases wired to the adapters the settings chose. */
@Singleton
@Component(modules = {LocalAdapterModule.class, AwsAdapterModule.class, GitHubPublishingModule.class,
    UseCaseModule.class})
public interface AppComponent {

  ProcessRequestsUseCase processRequests();

  ScanArchiveUseCase scanArchive();

  SeverityPolicy policy();

  /** Reads tokens from Secrets Manager; built only when asked for. */
  SecretsManagerTokenSource secretsManagerTokens();

  /** Builds CycloneDX SBOMs of archives ({@code scan --sbom-out}); needs no AWS account. */
  CycloneDxSbomGenerator sbomGenerator();

  /** Builds the graph for one command's settings. */
  static AppComponent create(Settings settings, Clock clock, PrintWriter requesterOutput) {
    return DaggerAppComponent.factory().create(settings, clock, requesterOutput);
  }

  /** Runtime input of the graph. */
  @Component.Factory
  interface Factory {
    AppComponent create(
        @BindsInstance Settings settings,
        @BindsInstance Clock clock,
        @BindsInstance @RequesterOutput PrintWriter requesterOutput);
  }
}

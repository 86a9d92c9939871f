package dev.airlock.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import dev.airlock.adapter.aws.inspector.CycloneDxSbomGenerator;
import dev.airlock.adapter.github.pullrequest.GitHubPullRequests;
import dev.airlock.adapter.github.source.GitHubFiles;
import dev.airlock.adapter.output.report.RunInputs;
import dev.airlock.application.port.in.AssembleRunUseCase;
import dev.airlock.application.port.in.ProcessRequestsUseCase;
import dev.airlock.application.port.in.ReevaluateDecisionsUseCase;
import dev.airlock.application.port.in.ScanArchiveUseCase;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.domain.SeverityPolicy;
import java.io.PrintWriter;
import java.time.Clock;
import javax.inject.Singleton;

/** The object graph of one command: use cases wired to the adapters the settings chose. */
@Singleton
@Component(modules = {LocalAdapterModule.class, AwsAdapterModule.class, GitHubModule.class,
    GitHubPublishingModule.class, OsvModule.class, UseCaseModule.class, ReportModule.class})
public interface AppComponent {

  ProcessRequestsUseCase processRequests();

  ScanArchiveUseCase scanArchive();

  /** Assembles the verdict of a run spread over workers ({@code airlock run --assemble N}). */
  AssembleRunUseCase assembleRun();

  /** Re-evaluates the ledger's decisions ({@code airlock reevaluate}). */
  ReevaluateDecisionsUseCase reevaluateDecisions();

  /** Builds the graph of one check ({@code airlock check}): no repository, no ledger. */
  CheckComponent.Factory checks();

  /** The pull requests of the request repository; built only when asked for. */
  GitHubPullRequests gitHubPullRequests();

  /** Files of the request repository at a commit; built only when asked for. */
  GitHubFiles gitHubFiles();

  SeverityPolicy policy();

  /** The configuration the reports record. */
  RunInputs runInputs();

  /** Builds CycloneDX SBOMs of archives ({@code scan --sbom-out}); needs no AWS account. */
  CycloneDxSbomGenerator sbomGenerator();

  /** The GitHub token, read once (Secrets Manager or AIRLOCK_GITHUB_TOKEN); built only when asked for. */
  GitHubToken gitHubToken();

  /** Builds the graph for one command's settings. */
  static AppComponent create(Settings settings, Clock clock, PrintWriter requesterOutput) {
    return create(settings, clock, requesterOutput, RunOutputs.defaults());
  }

  /** Builds the graph for a run that shows progress and writes reports as {@code outputs} says. */
  static AppComponent create(Settings settings, Clock clock, PrintWriter requesterOutput, RunOutputs outputs) {
    return DaggerAppComponent.factory().create(settings, clock, requesterOutput, outputs);
  }

  /** Runtime input of the graph. */
  @Component.Factory
  interface Factory {
    AppComponent create(
        @BindsInstance Settings settings,
        @BindsInstance Clock clock,
        @BindsInstance @RequesterOutput PrintWriter requesterOutput,
        @BindsInstance RunOutputs outputs);
  }
}

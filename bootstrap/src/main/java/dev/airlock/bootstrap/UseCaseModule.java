package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.airlock.application.port.in.AssembleRunUseCase;
import dev.airlock.application.port.in.ProcessRequestsUseCase;
import dev.airlock.application.port.in.ReevaluateDecisionsUseCase;
import dev.airlock.application.port.in.ScanArchiveUseCase;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.NpmRegistry;
import dev.airlock.application.port.out.PackageRegistry;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.RunReporter;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.service.AssembleRunService;
import dev.airlock.application.service.ProcessRequestsService;
import dev.airlock.application.service.ReevaluateDecisionsService;
import dev.airlock.application.service.ScanArchiveService;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.PolicyFiles;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import dev.airlock.configuration.Setting;
import dev.airlock.domain.SeverityPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * The use cases, built from whichever adapters the other modules chose; a check's graph is a
 * subcomponent, built once its pull request is known.
 */
@Module(subcomponents = CheckComponent.class)
final class UseCaseModule {
  private UseCaseModule() {}

  @Provides
  @Singleton
  static SeverityPolicy policy(Settings settings) {
    return settings.policyFile().map(PolicyFiles::load).orElseGet(SeverityPolicy::defaultPolicy);
  }

  /** The scanners in the order the configuration lists them; only the chosen ones are built. */
  @Provides
  static List<SecurityScanner> scanners(Settings settings, Map<String, Provider<SecurityScanner>> all) {
    return settings.scanners().stream().map(name -> chosen(all, name, Catalogue.SCANNERS)).toList();
  }

  @Provides
  static List<Notifier> notifiers(Settings settings, Map<String, Provider<Notifier>> all) {
    return settings.notifiers().stream().map(name -> chosen(all, name, Catalogue.NOTIFIERS)).toList();
  }

  @Provides
  @Singleton
  static PackageRepository repository(Settings settings, Map<String, Provider<PackageRepository>> all) {
    return chosen(all, settings.repository(), Catalogue.REPOSITORY);
  }

  @Provides
  @Singleton
  static DecisionLedger ledger(Settings settings, Map<String, Provider<DecisionLedger>> all) {
    return chosen(all, settings.ledger(), Catalogue.LEDGER);
  }

  @Provides
  static RequestSource source(Settings settings, Map<String, Provider<RequestSource>> all) {
    return chosen(all, settings.source(), Catalogue.SOURCE);
  }

  /** The adapter the configuration names; a known name this build has no adapter for is refused here. */
  private static <T> T chosen(Map<String, Provider<T>> all, String name, Setting setting) {
    Provider<T> provider = all.get(name);
    if (provider == null) {
      throw new ConfigurationException(setting.noun() + " '" + name + "' (" + setting.displayName()
          + ") is not available in this build");
    }
    return provider.get();
  }

  @Provides
  static ProcessRequestsUseCase processRequests(Settings settings, RequestSource source, ArtifactFetcher fetcher,
      List<SecurityScanner> scanners, SeverityPolicy policy, DistributionReader distributions,
      PackageRepository repository, DecisionLedger ledger, List<Notifier> notifiers, Clock clock, RunOutputs outputs,
      PackageRegistry registry, NpmRegistry npmRegistry, List<RunReporter> reporters) {
    return new ProcessRequestsService(source, fetcher, scanners, policy, distributions, repository, ledger, notifiers,
        clock, settings.concurrency(), outputs.progress(), java.util.Optional.of(registry), settings.resolve().target(),
        reporters, java.util.Optional.of(npmRegistry));
  }

  @Provides
  static AssembleRunUseCase assembleRun(Settings settings, RequestSource source, DecisionLedger ledger,
      List<Notifier> notifiers, List<RunReporter> reporters, Clock clock) {
    return new AssembleRunService(source, ledger, notifiers, reporters, clock, settings.concurrency());
  }

  @Provides
  static ReevaluateDecisionsUseCase reevaluateDecisions(Settings settings, DecisionLedger ledger,
      PackageRepository repository, ArtifactFetcher fetcher, List<SecurityScanner> scanners, SeverityPolicy policy,
      DistributionReader distributions, List<Notifier> notifiers, List<RunReporter> reporters, Clock clock,
      RunOutputs outputs) {
    return new ReevaluateDecisionsService(ledger, repository, fetcher, scanners, policy, distributions, notifiers,
        reporters, clock, settings.concurrency(), outputs.progress());
  }

  @Provides
  static ScanArchiveUseCase scanArchive(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock) {
    return new ScanArchiveService(scanners, policy, clock);
  }
}

package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dev.airlock.application.port.in.ProcessRequestsUseCase;
import dev.airlock.application.port.in.ScanArchiveUseCase;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.application.service.ProcessRequestsService;
import dev.airlock.application.service.ScanArchiveService;
import dev.airlock.bootstrap.config.PolicyFiles;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.domain.SeverityPolicy;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.inject.Singleton;

/** The use cases, built from whichever adapters the other modules chose. */
@Module
final class UseCaseModule {
  private UseCaseModule() {}

  @Provides
  @Singleton
  static SeverityPolicy policy(Settings settings) {
    return settings.policyFile().map(PolicyFiles::load).orElseGet(SeverityPolicy::defaultPolicy);
  }

  /** The scanners in the order the configuration lists them. */
  @Provides
  static List<SecurityScanner> orderedScanners(Settings settings, Set<SecurityScanner> scanners) {
    return scanners.stream().sorted(Comparator.comparingInt(s -> settings.scanners().indexOf(s.id()))).toList();
  }

  @Provides
  static List<Notifier> orderedNotifiers(Settings settings, Set<Notifier> notifiers) {
    return notifiers.stream().sorted(Comparator.comparingInt(n -> settings.notifiers().indexOf(n.id()))).toList();
  }

  @Provides
  static ProcessRequestsUseCase processRequests(Settings settings, RequestSource source, ArtifactFetcher fetcher,
      List<SecurityScanner> scanners, SeverityPolicy policy, PackageRepository repository, DecisionLedger ledger,
      List<Notifier> notifiers, Clock clock) {
    return new ProcessRequestsService(source, fetcher, scanners, policy, repository, ledger, notifiers, clock,
        settings.concurrency());
  }

  @Provides
  static ScanArchiveUseCase scanArchive(List<SecurityScanner> scanners, SeverityPolicy policy, Clock clock) {
    return new ScanArchiveService(scanners, policy, clock);
  }
}

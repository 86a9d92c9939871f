package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.airlock.adapter.local.archive.ArchiveLimits;
import dev.airlock.adapter.local.archive.ArchiveReader;
import dev.airlock.adapter.local.fetch.FetchSettings;
import dev.airlock.adapter.local.fetch.HttpArtifactFetcher;
import dev.airlock.adapter.local.ledger.FileSystemDecisionLedger;
import dev.airlock.adapter.local.notify.ConsoleNotifier;
import dev.airlock.adapter.local.repository.FileSystemPackageRepository;
import dev.airlock.adapter.local.scan.BuiltinScanner;
import dev.airlock.adapter.local.source.CsvFileRequestSource;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import javax.inject.Singleton;

/** Adapters that need no cloud account, chosen by {@link Settings}. */
@Module
final class LocalAdapterModule {
  private LocalAdapterModule() {}

  @Provides
  @Singleton
  static CsvFileRequestSource csvRequestSource(Settings settings) {
    Path file = settings.requestFile()
        .orElseThrow(() -> new ConfigurationException("no request file given"));
    return new CsvFileRequestSource(file);
  }

  @Provides
  static RequestSource requestSource(CsvFileRequestSource csv) {
    return csv;
  }

  @Provides
  @Singleton
  static ArtifactFetcher fetcher(Settings settings, CsvFileRequestSource csv) {
    FetchSettings fetch = FetchSettings.defaults().withAllowedHosts(settings.allowedHosts());
    if (settings.allowFileUrls()) {
      fetch = fetch.withFileBase(csv.baseDirectory());
    }
    return new HttpArtifactFetcher(fetch);
  }

  @Provides
  @Singleton
  static ArchiveReader archiveReader() {
    return new ArchiveReader(ArchiveLimits.defaults());
  }

  @Provides
  @ElementsIntoSet
  static Set<SecurityScanner> builtinScanner(Settings settings, ArchiveReader reader) {
    return settings.scanners().contains(BuiltinScanner.ID) ? Set.of(new BuiltinScanner(reader)) : Set.of();
  }

  @Provides
  @Singleton
  static PackageRepository repository(Settings settings) {
    return switch (settings.repository()) {
      case FileSystemPackageRepository.ID -> new FileSystemPackageRepository(settings.repositoryDir());
      default -> throw new ConfigurationException("repository '" + settings.repository() + "' is not available");
    };
  }

  @Provides
  @Singleton
  static DecisionLedger ledger(Settings settings) {
    return switch (settings.ledger()) {
      case "file" -> new FileSystemDecisionLedger(settings.ledgerDir());
      default -> throw new ConfigurationException("ledger '" + settings.ledger() + "' is not available");
    };
  }

  @Provides
  @ElementsIntoSet
  static Set<Notifier> consoleNotifier(Settings settings, @RequesterOutput PrintWriter out) {
    return settings.notifiers().contains(ConsoleNotifier.ID) ? Set.of(new ConsoleNotifier(out)) : Set.of();
  }
}

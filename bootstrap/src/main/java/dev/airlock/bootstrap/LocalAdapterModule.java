package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.airlock.adapter.intake.fetch.FetchSettings;
import dev.airlock.adapter.intake.fetch.HttpArtifactFetcher;
import dev.airlock.adapter.intake.registry.NpmRegistryDocuments;
import dev.airlock.adapter.intake.registry.PypiJsonRegistry;
import dev.airlock.adapter.intake.source.CsvFileRequestSource;
import dev.airlock.adapter.output.notify.ConsoleNotifier;
import dev.airlock.adapter.scan.builtin.BuiltinSecurityScanner;
import dev.airlock.adapter.scan.distribution.ArchiveDistributionReader;
import dev.airlock.adapter.scan.sarif.SarifCommand;
import dev.airlock.adapter.scan.sarif.SarifCommandScanner;
import dev.airlock.adapter.storage.ledger.FileSystemDecisionLedger;
import dev.airlock.adapter.storage.repository.FileSystemPackageRepository;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.DecisionLedger;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.Notifier;
import dev.airlock.application.port.out.NpmRegistry;
import dev.airlock.application.port.out.PackageRegistry;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.application.port.out.RequestSource;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.archive.ArchiveReader;
import dev.airlock.bootstrap.config.CommandLines;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Required;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import dev.airlock.scanner.BuiltinScanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import javax.inject.Provider;
import javax.inject.Singleton;

/** Adapters that need no cloud account, each under the name the configuration uses for it. */
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
  @IntoMap
  @StringKey("file")
  static RequestSource fileRequestSource(CsvFileRequestSource csv) {
    return csv;
  }

  @Provides
  @Singleton
  static ArtifactFetcher fetcher(HttpArtifactFetcher http) {
    return http;
  }

  /** Release rows are resolved through the registry with the same SSRF-safe HTTP stack and allow-list. */
  @Provides
  @Singleton
  static PackageRegistry packageRegistry(Settings settings, HttpArtifactFetcher http) {
    return new PypiJsonRegistry(settings.resolve().pypiUrl(), http);
  }

  /** npm release rows are resolved through the registry's package documents, on the same HTTP stack. */
  @Provides
  @Singleton
  static NpmRegistry npmRegistry(Settings settings, HttpArtifactFetcher http) {
    return new NpmRegistryDocuments(settings.resolve().npmUrl(), http);
  }

  @Provides
  @Singleton
  static HttpArtifactFetcher httpFetcher(Settings settings, Provider<CsvFileRequestSource> csv) {
    FetchSettings fetch = settings.intake().applyTo(FetchSettings.defaults().withAllowedHosts(settings.allowedHosts()));
    if (settings.allowFileUrls()) {
      // Only then is there a request file whose folder file: URLs resolve against (not for reevaluate).
      fetch = fetch.withFileBase(csv.get().baseDirectory());
    }
    return new HttpArtifactFetcher(fetch);
  }

  /** The one archive reader, holding every reader of archives (scanners, SBOM, metadata) to the intake limits. */
  @Provides
  @Singleton
  static ArchiveReader archiveReader(Settings settings) {
    return new ArchiveReader(settings.intake().archiveLimits());
  }

  /** Reads what an approved archive is (sdist, wheel, npm tarball) from its metadata, within the intake limits. */
  @Provides
  static DistributionReader distributionReader(ArchiveReader reader) {
    return new ArchiveDistributionReader(reader);
  }

  @Provides
  @IntoMap
  @StringKey(BuiltinSecurityScanner.ID)
  static SecurityScanner builtinScanner(ArchiveReader reader) {
    return new BuiltinSecurityScanner(new BuiltinScanner(reader));
  }

  @Provides
  @IntoMap
  @StringKey(SarifCommandScanner.ID)
  static SecurityScanner sarifScanner(Settings settings, ArchiveReader reader) {
    String line = Required.value(settings.sarifCommand(), Catalogue.SARIF_COMMAND, "for --scanners sarif");
    String option = Catalogue.SARIF_COMMAND.option().orElseThrow();
    try {
      return new SarifCommandScanner(reader, new SarifCommand(CommandLines.split(option, line), settings.scanTimeout()));
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.badValue(option + ": " + e.getMessage());
    }
  }

  @Provides
  @IntoMap
  @StringKey(FileSystemPackageRepository.ID)
  static PackageRepository fileRepository(Settings settings) {
    return new FileSystemPackageRepository(settings.repositoryDir());
  }

  @Provides
  @IntoMap
  @StringKey("file")
  static DecisionLedger fileLedger(Settings settings) {
    return new FileSystemDecisionLedger(settings.ledgerDir());
  }

  @Provides
  @IntoMap
  @StringKey(ConsoleNotifier.ID)
  static Notifier consoleNotifier(@RequesterOutput PrintWriter out) {
    return new ConsoleNotifier(out);
  }
}

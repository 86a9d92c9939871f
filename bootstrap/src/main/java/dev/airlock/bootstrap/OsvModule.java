package dev.airlock.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.airlock.adapter.osv.OsvScanner;
import dev.airlock.adapter.osv.OsvSettings;
import dev.airlock.adapter.osv.PackageIdentifier;
import dev.airlock.application.port.out.DistributionReader;
import dev.airlock.application.port.out.SecurityScanner;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.Settings;
import dev.airlock.configuration.Catalogue;
import java.net.URI;

/** The OSV advisory scanner, under the name the configuration uses for it. */
@Module
final class OsvModule {
  private OsvModule() {}

  /** Checked against the allow-list here, so a mistyped or unlisted API host stops the command before any work. */
  @Provides
  @IntoMap
  @StringKey(OsvScanner.ID)
  static SecurityScanner osv(Settings settings, DistributionReader distributions) {
    try {
      OsvSettings osv = OsvSettings.defaults(URI.create(settings.osvApiUrl().strip()));
      osv.checkAllowed(settings.allowedHosts());
      // The archive's own metadata says which package it is, read as publishing reads it.
      return new OsvScanner(osv, PackageIdentifier.fromMetadata(distributions));
    } catch (IllegalArgumentException e) {
      throw ConfigurationException.badValue(Catalogue.OSV_API_URL.option().orElseThrow() + ": " + e.getMessage());
    }
  }
}

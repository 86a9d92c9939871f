package dev.airlock.adapter.aws.codeguru;

import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Sha256;

/** CodeGuru scan names: {@code airlock-<name>-<sha12>}, within {@code ^[a-zA-Z0-9-_$:.]{1,140}$}. */
final class ScanNames {
  private ScanNames() {}

  static String of(PackageRequest request, Sha256 sha256) {
    String name = request.normalisedName().replaceAll("[^a-zA-Z0-9-_$:.]", "-");
    String suffix = "-" + sha256.shortHex(12);
    String prefix = "airlock-";
    int room = 140 - prefix.length() - suffix.length();
    return prefix + (name.length() > room ? name.substring(0, room) : name) + suffix;
  }
}

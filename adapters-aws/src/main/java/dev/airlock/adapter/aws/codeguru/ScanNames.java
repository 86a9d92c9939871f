package dev.airlock.adapter.aws.codeguru;

import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Sha256;
import java.nio.charset.StandardCharsets;

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

  /** An idempotency token for CreateScan, within CodeGuru's 64 characters: a digest of the scan name. */
  static String clientToken(String scanName) {
    return "airlock-" + Sha256.hashOf(scanName.getBytes(StandardCharsets.UTF_8)).shortHex(56);
  }
}

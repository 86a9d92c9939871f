package dev.airlock.adapter.aws.codeguru;

import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(scanName.getBytes(StandardCharsets.UTF_8));
      return "airlock-" + Sha256.ofBytes(digest).shortHex(56);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

package dev.airlock.adapter.aws.codeartifact;

import java.util.Locale;

/** Safe asset file names: {@code <name>-<version><ext>}, with the archive's real extension. */
final class AssetNames {
  private AssetNames() {}

  static String of(String name, String version, String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl")) {
      return fileName.replaceAll("[^A-Za-z0-9._+-]", "_"); // wheel names carry tags pip needs
    }
    String extension = lower.endsWith(".tar.gz") ? ".tar.gz" : lower.endsWith(".tgz") ? ".tgz"
        : lower.endsWith(".zip") ? ".zip" : lower.endsWith(".tar") ? ".tar" : ".bin";
    return (name + "-" + version).replaceAll("[^A-Za-z0-9._+-]", "_") + extension;
  }
}

package dev.airlock.adapter.aws.codeartifact;

import dev.airlock.domain.ArchiveNames;

/** Safe asset file names: {@code <name>-<version><ext>}, with the archive's real extension. */
final class AssetNames {
  private AssetNames() {}

  static String of(String name, String version, String fileName) {
    String extension = ArchiveNames.extension(fileName).orElse(".bin");
    if (extension.equals(".whl")) {
      return fileName.replaceAll("[^A-Za-z0-9._+-]", "_"); // wheel names carry tags pip needs
    }
    return (name + "-" + version).replaceAll("[^A-Za-z0-9._+-]", "_") + extension;
  }
}

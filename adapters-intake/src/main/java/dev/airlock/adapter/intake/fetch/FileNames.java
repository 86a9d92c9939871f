package dev.airlock.adapter.intake.fetch;

import dev.airlock.archive.ArchiveMagic;
import dev.airlock.domain.ArchiveNames;

/** Safe file names for fetched archives: ASCII letters, digits, dot, dash and underscore only. */
final class FileNames {
  private FileNames() {}

  static String safe(String name, String fallback) {
    String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "");
    if (cleaned.isEmpty() || cleaned.length() > 200) {
      return fallback;
    }
    return cleaned;
  }

  /** The archive kind's usual extension, judged from the first bytes. */
  static String extensionFor(ArchiveMagic.Kind kind) {
    return switch (kind) {
      case ZIP -> ".zip";
      case GZIP -> ".tar.gz";
      case TAR -> ".tar";
    };
  }

  static boolean hasArchiveExtension(String name) {
    return ArchiveNames.extension(name).isPresent();
  }
}

package dev.airlock.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What an archive's file name says: its extension, and how a requester installs such a file. */
public final class ArchiveNames {
  /** Archive extensions seen on package files, compound ones first so {@code .tar.gz} wins over {@code .tar}. */
  private static final List<String> EXTENSIONS =
      List.of(".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".whl");

  private ArchiveNames() {}

  /** The archive extension {@code fileName} ends with, in lower case ({@code .tar.gz}), if any. */
  public static Optional<String> extension(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().filter(lower::endsWith).findFirst();
  }

  /** {@code fileName} without its archive extension; unchanged when it has none. */
  public static String stem(String fileName) {
    return extension(fileName).map(e -> fileName.substring(0, fileName.length() - e.length())).orElse(fileName);
  }

  /** The command that installs the archive at {@code file}: npm for {@code .tgz} tarballs, pip otherwise. */
  public static String installCommand(String file) {
    return (extension(file).filter(".tgz"::equals).isPresent() ? "npm install " : "pip install ") + file;
  }
}

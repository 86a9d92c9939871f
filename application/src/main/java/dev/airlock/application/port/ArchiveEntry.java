package dev.airlock.application.port;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an archive as the archive declares it (names and sizes are untrusted): what the one
 * pass over an archive hands to each scanner that reads entries.
 *
 * @param name the entry's path as written in the archive; an entry of a nested archive is named
 *     through it ({@code vendor/inner.tar.gz!/pkg/setup.py})
 * @param kind what kind of entry it is; only files have content
 * @param declaredSize the size the archive declares, or -1
 * @param linkTarget the target of a link
 */
public record ArchiveEntry(String name, Kind kind, long declaredSize, Optional<String> linkTarget) {

  /** Entry kinds; NESTED_ARCHIVE is an archive inside archives deeper than the reader opens, not read. */
  public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, DEVICE, OTHER, NESTED_ARCHIVE }

  public ArchiveEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(linkTarget, "linkTarget");
  }

  /** A regular file entry. */
  public static ArchiveEntry file(String name, long declaredSize) {
    return new ArchiveEntry(name, Kind.FILE, declaredSize, Optional.empty());
  }
}

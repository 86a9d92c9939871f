package dev.airlock.archive;

import java.util.Optional;

/**
 * One entry of an archive, as declared by the archive (sizes may lie; content is counted as read).
 *
 * @param name the entry's path as written in the archive (untrusted); an entry of a nested archive
 *     is named through it, {@code vendor/inner.tar.gz!/pkg/setup.py}
 * @param type what kind of entry it is
 * @param declaredSize the size the archive declares, or -1
 * @param linkTarget the target of a link entry
 */
public record ArchiveItem(String name, Type type, long declaredSize, Optional<String> linkTarget) {

  /** Separates a nested archive's name from the names of its entries. */
  public static final String NESTED_SEPARATOR = "!/";

  /**
   * Entry kinds; only FILE entries have content. An archive inside the archive is opened and its
   * entries visited in its place; one nested deeper than {@link ArchiveLimits#maxNesting()} is a
   * NESTED_ARCHIVE, visited without content.
   */
  public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, DEVICE, OTHER, NESTED_ARCHIVE }
}

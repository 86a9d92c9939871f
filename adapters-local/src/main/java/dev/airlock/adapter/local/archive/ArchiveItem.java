package dev.airlock.adapter.local.archive;

import java.util.Optional;

/**
 * One entry of an archive, as declared by the archive (sizes may lie; content is counted as read).
 *
 * @param name the entry's path as written in the archive (untrusted)
 * @param type what kind of entry it is
 * @param declaredSize the size the archive declares, or -1
 * @param linkTarget the target of a link entry
 */
public record ArchiveItem(String name, Type type, long declaredSize, Optional<String> linkTarget) {

  /** Entry kinds; only FILE entries have content. */
  public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, DEVICE, OTHER }
}

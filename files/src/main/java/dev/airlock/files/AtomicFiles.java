package dev.airlock.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Writes files so readers see the old content or the new, never half of it. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temp, bytes);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Replaces {@code target} with everything {@code in} holds. */
  public static void copy(InputStream in, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Deletes the temporary files of writes that never finished (the process was killed between
   * writing and renaming) anywhere under {@code root}, when they were last written before
   * {@code before}; a newer one may belong to a write still going on. Returns how many went.
   */
  public static int removeStale(Path root, Instant before) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    List<Path> stale;
    try (Stream<Path> files = Files.walk(root)) {
      stale = files.filter(AtomicFiles::isTemporary).filter(f -> modifiedBefore(f, before)).toList();
    }
    int removed = 0;
    for (Path file : stale) {
      if (Files.deleteIfExists(file)) {
        removed++;
      }
    }
    return removed;
  }

  /** The names {@link #write} and {@link #copy} give their temporary files: {@code .<target name><digits>.tmp}. */
  private static boolean isTemporary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean modifiedBefore(Path file, Instant before) {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before);
    } catch (IOException e) {
      return false; // gone already, or unreadable: left alone
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

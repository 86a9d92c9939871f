package dev.airlock.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

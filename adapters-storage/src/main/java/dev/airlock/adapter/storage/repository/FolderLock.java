package dev.airlock.adapter.storage.repository;

import dev.airlock.application.port.PortException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Excludes other writers of one folder: a lock within this JVM (an OS file lock does not exclude
 * threads of one JVM) and an OS lock on {@code <folder>/.lock} across processes, so runs sharing a
 * data directory on one machine never interleave their writes.
 */
final class FolderLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /** Work done while holding the lock. */
  interface Locked<T> {
    T run() throws PortException;
  }

  private final Path folder;

  FolderLock(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  // The file lock is held for its close, which releases it: javac's "try" lint is wrong here.
  @SuppressWarnings("try")
  <T> T locked(Locked<T> work) throws PortException {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(folder, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(folder);
      try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return work.run();
      }
    } catch (IOException e) {
      throw new PortException("repository " + folder + " cannot be locked: " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }
}

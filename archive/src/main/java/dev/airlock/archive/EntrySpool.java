package dev.airlock.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A copy of one entry's bytes for the second and later readers of a shared pass: in memory up to
 * {@link #IN_MEMORY} bytes, past that in a private temporary file; deleted on close. The bytes were
 * already counted against the limits as they went by, so the copy is never larger than they allow.
 */
final class EntrySpool implements AutoCloseable {
  /** Entries up to this size (most source files and manifests) are kept in memory. */
  static final int IN_MEMORY = 1024 * 1024;

  private ByteArrayOutputStream memory = new ByteArrayOutputStream();
  private Path dir;
  private Path file;
  private OutputStream out;

  void write(byte[] buffer, int offset, int length) throws IOException {
    if (out == null && memory.size() + length > IN_MEMORY) {
      dir = createPrivateTempDir();
      file = dir.resolve("entry");
      out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
      memory.writeTo(out);
      memory = null;
    }
    if (out != null) {
      out.write(buffer, offset, length);
    } else {
      memory.write(buffer, offset, length);
    }
  }

  /** A new stream over the copy, from the start. */
  InputStream open() throws IOException {
    if (out == null) {
      return new ByteArrayInputStream(memory.toByteArray());
    }
    out.flush();
    return Files.newInputStream(file);
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      try {
        out.close();
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    }
  }

  private static Path createPrivateTempDir() throws IOException {
    try {
      return Files.createTempDirectory("airlock-entry-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory("airlock-entry-");
    }
  }
}

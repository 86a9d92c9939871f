package dev.airlock.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A stream copied into a private temporary file (its own {@code rwx------} folder), bounded in size
 * and SHA-256-hashed as it streams; both are deleted on close. Adapters that read a published file
 * back spool it here rather than holding it in memory.
 */
public final class SpooledFile implements AutoCloseable {
  private final Path file;
  private final byte[] sha256;
  private final long size;

  private SpooledFile(Path file, byte[] sha256, long size) {
    this.file = file;
    this.sha256 = sha256;
    this.size = size;
  }

  /**
   * Streams {@code in} to a new private temporary file.
   *
   * @throws IOException when reading or writing fails or {@code in} holds more than {@code maxBytes};
   *     nothing is left behind then
   */
  public static SpooledFile store(InputStream in, String prefix, long maxBytes) throws IOException {
    return store(in, Path.of(System.getProperty("java.io.tmpdir")), prefix, maxBytes);
  }

  /** As {@link #store(InputStream, String, long)}, with the private folder made inside {@code parent}. */
  public static SpooledFile store(InputStream in, Path parent, String prefix, long maxBytes) throws IOException {
    Path dir = Files.createTempDirectory(parent, prefix,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path file = dir.resolve("content");
    MessageDigest digest = sha256Digest();
    long size = 0;
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        size += n;
        if (size > maxBytes) {
          throw new IOException("the content is larger than " + maxBytes + " bytes");
        }
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
      throw e;
    }
    return new SpooledFile(file, digest.digest(), size);
  }

  /** The SHA-256 of the content, 32 bytes. */
  public byte[] sha256() {
    return sha256.clone();
  }

  /** The content's size in bytes. */
  public long size() {
    return size;
  }

  /** A new stream over the content. */
  public InputStream openStream() throws IOException {
    return Files.newInputStream(file);
  }

  /** A new read-only channel over the content. */
  public SeekableByteChannel openChannel() throws IOException {
    return Files.newByteChannel(file, StandardOpenOption.READ);
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary file " + file, e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

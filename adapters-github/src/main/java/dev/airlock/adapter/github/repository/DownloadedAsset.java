package dev.airlock.adapter.github.repository;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.Sha256;
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

/** A release asset read back from GitHub into a private temporary file, hashed as it streamed; deleted on close. */
final class DownloadedAsset implements FetchedArtifact {
  private final Path file;
  private final String fileName;
  private final Sha256 sha256;
  private final long size;

  private DownloadedAsset(Path file, String fileName, Sha256 sha256, long size) {
    this.file = file;
    this.fileName = fileName;
    this.sha256 = sha256;
    this.size = size;
  }

  /** Streams {@code in} to a new private temporary file, at most {@code maxBytes}. */
  static DownloadedAsset store(InputStream in, String fileName, long maxBytes) throws IOException {
    Path dir = Files.createTempDirectory("airlock-asset-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path file = dir.resolve("asset");
    MessageDigest digest = Sha256.newDigest();
    long size = 0;
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        size += n;
        if (size > maxBytes) {
          throw new IOException("the asset is larger than " + maxBytes + " bytes");
        }
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
      throw e;
    }
    return new DownloadedAsset(file, fileName, Sha256.ofBytes(digest.digest()), size);
  }

  @Override
  public String fileName() {
    return fileName;
  }

  @Override
  public Sha256 sha256() {
    return sha256;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public InputStream openStream() throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public SeekableByteChannel openChannel() throws IOException {
    return Files.newByteChannel(file, StandardOpenOption.READ);
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary asset " + file, e);
    }
  }
}

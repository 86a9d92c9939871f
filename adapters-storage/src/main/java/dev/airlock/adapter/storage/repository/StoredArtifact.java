package dev.airlock.adapter.storage.repository;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/** A published asset read in place from the file repository, hashed as it is opened; never deleted. */
final class StoredArtifact implements FetchedArtifact {
  private final Path file;
  private final Sha256 sha256;
  private final long size;

  private StoredArtifact(Path file, Sha256 sha256, long size) {
    this.file = file;
    this.sha256 = sha256;
    this.size = size;
  }

  /** The asset at {@code file}, its SHA-256 computed now from what is on disk. */
  static StoredArtifact of(Path file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    long size = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        size += n;
      }
    }
    return new StoredArtifact(file, Sha256.ofBytes(digest.digest()), size);
  }

  @Override
  public String fileName() {
    return file.getFileName().toString();
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
    // The repository's own file: nothing to release.
  }
}

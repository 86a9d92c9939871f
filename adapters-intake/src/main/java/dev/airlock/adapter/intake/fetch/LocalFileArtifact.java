package dev.airlock.adapter.intake.fetch;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/** A fetched archive held as a local file; deletes it on close when it is a private temporary copy. */
public final class LocalFileArtifact implements FetchedArtifact {
  private final Path file;
  private final String fileName;
  private final Sha256 sha256;
  private final long size;
  private final boolean deleteOnClose;

  LocalFileArtifact(Path file, String fileName, Sha256 sha256, long size, boolean deleteOnClose) {
    this.file = file;
    this.fileName = fileName;
    this.sha256 = sha256;
    this.size = size;
    this.deleteOnClose = deleteOnClose;
  }

  /** Wraps an existing local archive (for {@code airlock scan}); hashes it, never deletes it. */
  public static LocalFileArtifact of(Path archive) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    long size = 0;
    try (InputStream in = new DigestInputStream(Files.newInputStream(archive), digest)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        size += n;
      }
    }
    return new LocalFileArtifact(archive, FileNames.safe(archive.getFileName().toString(), "archive"),
        Sha256.ofBytes(digest.digest()), size, false);
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
    if (!deleteOnClose) {
      return;
    }
    try {
      Files.deleteIfExists(file);
      Path parent = file.getParent();
      if (parent != null) {
        Files.deleteIfExists(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary archive " + file, e);
    }
  }

  @Override
  public String toString() {
    return fileName + " (" + size + " bytes, sha256 " + sha256.shortHex(12) + ")";
  }
}

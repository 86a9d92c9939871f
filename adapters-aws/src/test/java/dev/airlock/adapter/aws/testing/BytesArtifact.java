package dev.airlock.adapter.aws.testing;

import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link FetchedArtifact} over bytes in a temporary file, as the HTTPS fetcher leaves one. */
public final class BytesArtifact implements FetchedArtifact {
  private final String fileName;
  private final Path file;
  private final Sha256 sha256;
  private final long size;
  private final AtomicInteger opened = new AtomicInteger();

  private BytesArtifact(String fileName, Path file, Sha256 sha256, long size) {
    this.fileName = fileName;
    this.file = file;
    this.sha256 = sha256;
    this.size = size;
  }

  /** An archive named {@code fileName} holding {@code content}, written to a file under {@code dir}. */
  public static BytesArtifact of(Path dir, String fileName, byte[] content) {
    try {
      Path file = Files.write(Files.createTempFile(dir, "artifact-", ".bin"), content);
      return new BytesArtifact(fileName, file, sha256Of(content), content.length);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An archive named {@code fileName} holding {@code text} in UTF-8. */
  public static BytesArtifact of(Path dir, String fileName, String text) {
    return of(dir, fileName, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The SHA-256 of {@code content}. */
  public static Sha256 sha256Of(byte[] content) {
    try {
      return Sha256.ofBytes(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The bytes as they are on disk. */
  public byte[] bytes() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many streams were opened over the bytes. */
  public int timesOpened() {
    return opened.get();
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
    opened.incrementAndGet();
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
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return fileName + " (" + size + " bytes)";
  }
}

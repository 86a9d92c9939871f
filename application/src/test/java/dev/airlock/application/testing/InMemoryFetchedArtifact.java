package dev.airlock.application.testing;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link FetchedArtifact} held in a byte array that remembers how often it was closed. */
public final class InMemoryFetchedArtifact implements FetchedArtifact {
  private final String fileName;
  private final byte[] content;
  private final Sha256 sha256;
  private final AtomicInteger closeCount = new AtomicInteger();
  private final AtomicInteger openCount = new AtomicInteger();

  public InMemoryFetchedArtifact(String fileName, byte[] content) {
    this.fileName = fileName;
    this.content = content.clone();
    this.sha256 = sha256Of(content);
  }

  /** The bytes of a local file, under its file name (for adapters' tests that build archives on disk). */
  public static InMemoryFetchedArtifact of(Path file) throws IOException {
    return new InMemoryFetchedArtifact(file.getFileName().toString(), Files.readAllBytes(file));
  }

  /** The SHA-256 of {@code content}, as a fetcher would compute it while streaming. */
  public static Sha256 sha256Of(byte[] content) {
    try {
      return Sha256.ofBytes(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
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
    return content.length;
  }

  @Override
  public InputStream openStream() {
    openCount.incrementAndGet();
    return new ByteArrayInputStream(content);
  }

  @Override
  public SeekableByteChannel openChannel() {
    openCount.incrementAndGet();
    return new ByteArrayChannel(content);
  }

  @Override
  public void close() {
    closeCount.incrementAndGet();
  }

  /** How many times the bytes were opened, as a stream or a channel. */
  public int timesOpened() {
    return openCount.get();
  }

  /** True once {@link #close()} was called at least once. */
  public boolean isClosed() {
    return closeCount.get() > 0;
  }

  /** How many times {@link #close()} was called. */
  public int closeCount() {
    return closeCount.get();
  }

  @Override
  public String toString() {
    return fileName + " (" + content.length + " bytes, closed " + closeCount.get() + "x)";
  }

  /** A read-only channel over a byte array. */
  private static final class ByteArrayChannel implements SeekableByteChannel {
    private final byte[] bytes;
    private long position;
    private boolean open = true;

    ByteArrayChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
      ensureOpen();
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      position += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws ClosedChannelException {
      ensureOpen();
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws ClosedChannelException {
      ensureOpen();
      if (newPosition < 0) {
        throw new IllegalArgumentException("negative position");
      }
      position = newPosition;
      return this;
    }

    @Override
    public long size() throws ClosedChannelException {
      ensureOpen();
      return bytes.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
      if (!open) {
        throw new ClosedChannelException();
      }
    }
  }
}

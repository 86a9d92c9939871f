package dev.airlock.application.testing;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FetchedArtifact} over a local file (streamed, never held in memory) that counts how often
 * it is opened and how many bytes are read from it, through streams and channels alike: the proof
 * that an archive is read once. Its SHA-256 is given, as a fetcher computes it while downloading.
 */
public final class CountingFileArtifact implements FetchedArtifact {
  private final Path file;
  private final Sha256 sha256;
  private final long size;
  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicLong bytesRead = new AtomicLong();

  public CountingFileArtifact(Path file, Sha256 sha256) {
    this.file = file;
    this.sha256 = sha256;
    try {
      this.size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many times the bytes were opened, as a stream or a channel. */
  public int opens() {
    return opens.get();
  }

  /** How many bytes were read, over every stream and channel opened. */
  public long bytesRead() {
    return bytesRead.get();
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
    return Channels.newInputStream(openChannel());
  }

  @Override
  public SeekableByteChannel openChannel() throws IOException {
    opens.incrementAndGet();
    SeekableByteChannel real = Files.newByteChannel(file, StandardOpenOption.READ);
    return new SeekableByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        int n = real.read(dst);
        if (n > 0) {
          bytesRead.addAndGet(n);
        }
        return n;
      }

      @Override
      public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
      }

      @Override
      public long position() throws IOException {
        return real.position();
      }

      @Override
      public SeekableByteChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
      }

      @Override
      public long size() throws IOException {
        return real.size();
      }

      @Override
      public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
      }

      @Override
      public boolean isOpen() {
        return real.isOpen();
      }

      @Override
      public void close() throws IOException {
        real.close();
      }
    };
  }

  @Override
  public void close() {
    // the test owns the file
  }
}

package dev.airlock.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of one archive, opened as often as a reader needs (a zip is read from its end, a tar
 * from its start); nothing is held in memory.
 */
public interface ArchiveSource {

  /** Opens one view of the bytes. */
  @FunctionalInterface
  interface Opener<T> {
    T open() throws IOException;
  }

  /** The archive's file name, with its extension ({@code requests-2.31.0.tar.gz}). */
  String fileName();

  /** Its size in bytes. */
  long size();

  /** A new stream over the bytes, from the start. */
  InputStream openStream() throws IOException;

  /** A new random-access channel over the bytes (zip readers need one). */
  SeekableByteChannel openChannel() throws IOException;

  /** The archive in a local file. */
  static ArchiveSource of(Path file) throws IOException {
    return of(String.valueOf(file.getFileName()), Files.size(file), () -> Files.newInputStream(file),
        () -> Files.newByteChannel(file, StandardOpenOption.READ));
  }

  /** An archive held elsewhere (a fetched temporary file, say), opened through the given functions. */
  static ArchiveSource of(String fileName, long size, Opener<InputStream> stream, Opener<SeekableByteChannel> channel) {
    return new ArchiveSource() {
      @Override
      public String fileName() {
        return fileName;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openStream() throws IOException {
        return stream.open();
      }

      @Override
      public SeekableByteChannel openChannel() throws IOException {
        return channel.open();
      }

      @Override
      public String toString() {
        return fileName + " (" + size + " bytes)";
      }
    };
  }
}

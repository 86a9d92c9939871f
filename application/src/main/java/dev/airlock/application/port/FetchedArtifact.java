package dev.airlock.application.port;

import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * One fetched archive, held by the fetcher (as a private temporary file) until closed. Readers open
 * it as many times as they need; nothing keeps it in memory.
 */
public interface FetchedArtifact extends AutoCloseable {

  /** A safe file name for the archive, with its extension ({@code requests-2.31.0.tar.gz}). */
  String fileName();

  /** The SHA-256 of the bytes, computed while they were fetched. */
  Sha256 sha256();

  /** Its size in bytes. */
  long size();

  /** A new stream over the bytes, from the start. */
  InputStream openStream() throws IOException;

  /** A new random-access channel over the bytes (zip readers need one). */
  SeekableByteChannel openChannel() throws IOException;

  /** Releases the archive (deletes the temporary file). */
  @Override
  void close();
}

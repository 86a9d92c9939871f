package dev.airlock.adapter.aws.codeartifact;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.Sha256;
import dev.airlock.files.SpooledFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;

/** An asset read back from CodeArtifact into a private temporary file ({@link SpooledFile}), hashed as it streamed; deleted on close. */
final class DownloadedAsset implements FetchedArtifact {
  private final SpooledFile content;
  private final String fileName;
  private final Sha256 sha256;

  private DownloadedAsset(SpooledFile content, String fileName) {
    this.content = content;
    this.fileName = fileName;
    this.sha256 = Sha256.ofBytes(content.sha256());
  }

  /** Streams {@code in} to a new private temporary file, at most {@code maxBytes}. */
  static DownloadedAsset store(InputStream in, String fileName, long maxBytes) throws IOException {
    return new DownloadedAsset(SpooledFile.store(in, "airlock-asset-", maxBytes), fileName);
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
    return content.size();
  }

  @Override
  public InputStream openStream() throws IOException {
    return content.openStream();
  }

  @Override
  public SeekableByteChannel openChannel() throws IOException {
    return content.openChannel();
  }

  @Override
  public void close() {
    content.close();
  }
}

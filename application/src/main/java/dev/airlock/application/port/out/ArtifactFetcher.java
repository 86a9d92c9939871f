package dev.airlock.application.port.out;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.PackageRequest;
import java.util.function.LongConsumer;

/** Brings one request's archive to a private local copy: bounded in size and time, hashed while read. */
public interface ArtifactFetcher {

  /**
   * Fetches the archive the request points at.
   *
   * @throws PortException when the URL may not be reached, the download fails or exceeds a limit,
   *     or the content does not match a pinned SHA-256
   */
  FetchedArtifact fetch(PackageRequest request) throws PortException;

  /**
   * Fetches the archive and tells {@code bytesSoFar} how many bytes have arrived, now and then. Fetchers
   * that cannot tell just fetch.
   *
   * @throws PortException as {@link #fetch(PackageRequest)}
   */
  default FetchedArtifact fetch(PackageRequest request, LongConsumer bytesSoFar) throws PortException {
    return fetch(request);
  }
}

package dev.airlock.application.port.out;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.util.Optional;

/** The private repository approved packages are published to. */
public interface PackageRepository {

  /**
   * Refuses anything but an approval: every repository's {@link #publish} starts here, so nothing
   * else is published whatever the caller does.
   *
   * @throws PortException naming the request and its verdict, when the verdict is not an approval
   */
  static void requireApproved(PackageRequest request, ScanVerdict verdict) throws PortException {
    if (!verdict.isApproved()) {
      throw new PortException("refusing to publish " + request.name() + ": its verdict is " + verdict.outcome());
    }
  }

  /** The repository kind ({@code file}, {@code codeartifact}, {@code github}). */
  String id();

  /**
   * The publication of this exact content in the version {@code distribution} names, if there is
   * one; the repository looks where it would publish {@code distribution} (its format, name,
   * version). A remote repository asks about that one version only, so a look-up costs the same few
   * calls however long the package's history; a local one may also find the content under another
   * version of the package. Another file of that version holding other content is not found here:
   * {@link #publish} refuses it.
   */
  Optional<Publication> findBySha256(Distribution distribution, Sha256 sha256) throws PortException;

  /**
   * Publishes an approved archive as {@code distribution} says (format, name, version, file name).
   * Publishing content that is already there returns the existing publication.
   *
   * @throws PortException when the version exists with different content (never overwritten), or
   *     the repository fails
   */
  Publication publish(PackageRequest request, Distribution distribution, FetchedArtifact artifact, ScanVerdict verdict)
      throws PortException;

  /**
   * Reads a publication of this repository back, to be scanned again. The caller checks the bytes
   * against {@link Publication#sha256()}.
   *
   * @throws PortException when it is gone, withdrawn, or the repository fails
   */
  FetchedArtifact fetch(Publication publication) throws PortException;

  /**
   * Makes a publication unavailable to installers, keeping its bytes as evidence, and says
   * {@code reason} where the repository can show it. Withdrawing what is already withdrawn changes
   * nothing.
   *
   * @return true when this call withdrew it, false when it was already withdrawn
   * @throws PortException when the repository cannot withdraw it
   */
  boolean withdraw(Publication publication, String reason) throws PortException;
}

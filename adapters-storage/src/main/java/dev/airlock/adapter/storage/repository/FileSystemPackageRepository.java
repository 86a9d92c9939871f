package dev.airlock.adapter.storage.repository;

import dev.airlock.adapter.storage.json.Documents;
import dev.airlock.adapter.storage.json.Documents.PublicationDoc;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import dev.airlock.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Publishes approved archives into a folder: {@code <root>/<name>/<version>/<asset>} with a
 * {@code publication.json} beside it, and an index by SHA-256 under {@code <root>/<name>/by-sha256/}.
 * Every file is written atomically; a version is never overwritten with other content.
 */
public final class FileSystemPackageRepository implements PackageRepository {
  /** The repository's id. */
  public static final String ID = "file";
  private static final String PUBLICATION = "publication.json";

  private final Path root;

  public FileSystemPackageRepository(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Publication> findBySha256(String normalisedName, Sha256 sha256) throws PortException {
    return read(indexFile(normalisedName, sha256));
  }

  @Override
  public Publication publish(PackageRequest request, String version, FetchedArtifact artifact, ScanVerdict verdict)
      throws PortException {
    if (!verdict.isApproved()) {
      throw new PortException("refusing to publish " + request.name() + ": its verdict is " + verdict.outcome());
    }
    String name = request.normalisedName();
    Path versionDir = root.resolve(name).resolve(version);
    if (!versionDir.normalize().startsWith(root.resolve(name))) {
      throw new PortException("version '" + version + "' is not a safe folder name");
    }
    Path publicationFile = versionDir.resolve(PUBLICATION);
    Optional<Publication> existing = read(publicationFile);
    if (existing.isPresent()) {
      if (!existing.get().sha256().equals(artifact.sha256())) {
        throw new PortException(name + " " + version + " is already published with different content (sha256 "
            + existing.get().sha256().shortHex(12) + ", this is " + artifact.sha256().shortHex(12)
            + "); it is never overwritten");
      }
      writeIndex(existing.get());
      return existing.get();
    }
    Path asset = versionDir.resolve(artifact.fileName());
    try (InputStream in = artifact.openStream()) {
      AtomicFiles.copy(in, asset);
    } catch (IOException e) {
      throw new PortException("cannot write " + asset + ": " + e.getMessage(), e);
    }
    Publication publication = Publication.builder()
        .repository(ID)
        .packageName(name)
        .version(version)
        .assetName(artifact.fileName())
        .sha256(artifact.sha256())
        .location(asset.toString())
        .installInstructions(ArchiveNames.installCommand(asset.toString()))
        .build();
    write(publicationFile, publication);
    writeIndex(publication);
    return publication;
  }

  private void writeIndex(Publication publication) throws PortException {
    write(indexFile(publication.packageName(), publication.sha256()), publication);
  }

  private Path indexFile(String normalisedName, Sha256 sha256) {
    return root.resolve(normalisedName).resolve("by-sha256").resolve(sha256.hex() + ".json");
  }

  private Optional<Publication> read(Path file) throws PortException {
    try {
      return Optional.of(Documents.MAPPER.readValue(Files.readAllBytes(file), PublicationDoc.class).toDomain());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new PortException("repository file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private void write(Path file, Publication publication) throws PortException {
    try {
      AtomicFiles.write(file, Documents.MAPPER.writeValueAsBytes(PublicationDoc.from(publication)));
    } catch (IOException e) {
      throw new PortException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

package dev.airlock.adapter.storage.repository;

import dev.airlock.adapter.storage.json.Documents;
import dev.airlock.adapter.storage.json.Documents.PublicationDoc;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import dev.airlock.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Publishes approved archives into a folder: {@code <root>/<name>/<version>/<asset>} with a
 * {@code publication.json} beside it, and an index by SHA-256 under {@code <root>/<name>/by-sha256/}.
 * Python sdists and wheels are also listed in a PEP 503 simple index under {@code <root>/simple/},
 * so pip installs them by name offline; npm tarballs are kept under the registry's file name, so
 * {@code npm install <that file>} works. Every file is written atomically and every publication is
 * made under the repository's lock. Content is never overwritten: a generic or npm version holds one
 * archive; a Python version may hold several files (an sdist, wheels), each file name one content.
 *
 * <p>A withdrawn file moves to {@code <quarantine>/<name>/<version>/} (by default the
 * {@code quarantine} folder beside the repository) with its index entry and a
 * {@code <file>.withdrawal.json} saying when and why; it leaves the simple index, so pip no longer
 * finds it, and nothing is deleted.
 */
public final class FileSystemPackageRepository implements PackageRepository {
  /** The repository's id. */
  public static final String ID = "file";
  private static final String PUBLICATION = "publication.json";
  private static final String WITHDRAWAL = ".withdrawal.json";

  private final Path root;
  private final Path quarantine;
  private final FolderLock lock;
  private final SimpleIndex simpleIndex;

  /** A repository at {@code root} whose withdrawn files go to the {@code quarantine} folder beside it. */
  public FileSystemPackageRepository(Path root) {
    this(root, root.toAbsolutePath().normalize().resolveSibling("quarantine"));
  }

  public FileSystemPackageRepository(Path root, Path quarantine) {
    this.root = root.toAbsolutePath().normalize();
    this.quarantine = quarantine.toAbsolutePath().normalize();
    this.lock = new FolderLock(this.root);
    this.simpleIndex = new SimpleIndex(this.root);
  }

  @Override
  public String id() {
    return ID;
  }

  /** The folder pip's {@code --index-url} names, as a {@code file:} URL. */
  public String simpleIndexUrl() {
    try {
      return new URI("file", "", root.resolve(SimpleIndex.FOLDER).toString(), null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("repository folder " + root + " has no file URL", e);
    }
  }

  @Override
  public Optional<Publication> findBySha256(Distribution distribution, Sha256 sha256) throws PortException {
    return read(indexFile(distribution.normalisedName(), sha256));
  }

  @Override
  public Publication publish(PackageRequest request, Distribution distribution, FetchedArtifact artifact,
      ScanVerdict verdict) throws PortException {
    PackageRepository.requireApproved(request, verdict);
    String name = distribution.normalisedName();
    Path packageDir = root.resolve(name).normalize();
    Path versionDir = packageDir.resolve(distribution.version()).normalize();
    if (!packageDir.startsWith(root) || packageDir.equals(root) || !versionDir.getParent().equals(packageDir)) {
      throw new PortException("version '" + distribution.version() + "' is not a safe folder name");
    }
    if (distribution.kind().isPython() && name.equals(SimpleIndex.FOLDER)) {
      throw new PortException("a package named '" + SimpleIndex.FOLDER + "' cannot be published to the file"
          + " repository: its pip index lives in " + root.resolve(SimpleIndex.FOLDER));
    }
    return lock.locked(() -> distribution.kind().isPython()
        ? publishPythonFile(distribution, versionDir, artifact)
        : publishOnlyArchive(distribution, versionDir, artifact));
  }

  /** A generic or npm version holds one archive: any other content under it is a conflict. */
  private Publication publishOnlyArchive(Distribution distribution, Path versionDir, FetchedArtifact artifact)
      throws PortException {
    Path publicationFile = versionDir.resolve(PUBLICATION);
    Optional<Publication> existing = read(publicationFile);
    if (existing.isPresent()) {
      if (!existing.get().sha256().equals(artifact.sha256())) {
        throw conflict(distribution, existing.get().sha256(), artifact.sha256());
      }
      writeIndex(existing.get());
      return existing.get();
    }
    Path asset = versionDir.resolve(distribution.fileName());
    copy(artifact, asset);
    Publication publication = publication(distribution, asset, artifact.sha256());
    write(publicationFile, publication);
    writeIndex(publication);
    return publication;
  }

  /**
   * A Python version may hold an sdist and wheels: a file name already there must hold the same
   * content. The file is then listed in the simple index; {@code publication.json} describes the
   * version's first file.
   */
  private Publication publishPythonFile(Distribution distribution, Path versionDir, FetchedArtifact artifact)
      throws PortException {
    Path asset = versionDir.resolve(distribution.fileName());
    Publication publication;
    if (Files.isRegularFile(asset)) {
      Sha256 stored = hashOf(asset);
      if (!stored.equals(artifact.sha256())) {
        throw conflict(distribution, stored, artifact.sha256());
      }
      publication = read(indexFile(distribution.normalisedName(), stored))
          .orElseGet(() -> publication(distribution, asset, stored));
    } else {
      copy(artifact, asset);
      publication = publication(distribution, asset, artifact.sha256());
    }
    if (!Files.exists(versionDir.resolve(PUBLICATION))) {
      write(versionDir.resolve(PUBLICATION), publication);
    }
    writeIndex(publication);
    simpleIndex.add(distribution.normalisedName(), new SimpleIndex.IndexedFile(publication.assetName(),
        "../../" + distribution.normalisedName() + "/" + distribution.version() + "/" + publication.assetName(),
        publication.sha256().hex(), distribution.coreMetadata().flatMap(m -> m.requiresPython()).orElse(null)));
    return publication;
  }

  @Override
  public FetchedArtifact fetch(Publication publication) throws PortException {
    Path asset = versionDir(root, publication).resolve(safeName(publication.assetName()));
    if (!Files.isRegularFile(asset)) {
      boolean withdrawn = Files.exists(versionDir(quarantine, publication).resolve(publication.assetName() + WITHDRAWAL));
      throw new PortException(publication.packageName() + " " + publication.version() + " ("
          + publication.assetName() + ") is " + (withdrawn ? "withdrawn" : "missing") + " from the file repository");
    }
    try {
      return StoredArtifact.of(asset);
    } catch (IOException e) {
      throw new PortException("cannot read " + asset + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean withdraw(Publication publication, String reason) throws PortException {
    Path published = versionDir(root, publication);
    Path withdrawn = versionDir(quarantine, publication);
    String file = safeName(publication.assetName());
    return lock.locked(() -> {
      Path asset = published.resolve(file);
      if (!Files.exists(asset)) {
        if (Files.exists(withdrawn.resolve(file + WITHDRAWAL))) {
          return false;
        }
        throw new PortException(publication.packageName() + " " + publication.version() + " (" + file
            + ") is neither in the file repository nor in its quarantine; nothing to withdraw");
      }
      try {
        Files.createDirectories(withdrawn);
        Path kept = withdrawn.resolve(file);
        if (Files.exists(kept)) {
          // Withdrawn before, published again since: the earlier copy keeps its own name.
          Files.move(kept, withdrawn.resolve(file + ".earlier-" + System.nanoTime()));
        }
        Files.move(asset, kept);
        Path index = indexFile(publication.packageName(), publication.sha256());
        if (Files.exists(index)) {
          Files.move(index, withdrawn.resolve(file + ".by-sha256.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Optional<Publication> described = read(published.resolve(PUBLICATION));
        if (described.isPresent() && described.get().assetName().equals(file)) {
          Files.move(published.resolve(PUBLICATION), withdrawn.resolve(file + "." + PUBLICATION),
              StandardCopyOption.REPLACE_EXISTING);
        }
        simpleIndex.remove(publication.packageName(), file);
        AtomicFiles.write(withdrawn.resolve(file + WITHDRAWAL), Documents.MAPPER.writeValueAsBytes(
            new WithdrawalDoc(1, publication.packageName(), publication.version(), file,
                publication.sha256().hex(), Instant.now(), reason)));
        try (var left = Files.list(published)) {
          if (left.findAny().isEmpty()) {
            Files.delete(published);
          }
        }
      } catch (IOException e) {
        throw new PortException("cannot move " + asset + " to the quarantine " + withdrawn + ": " + e.getMessage(), e);
      }
      return true;
    });
  }

  /** Why and when a file was withdrawn, kept beside it in the quarantine. */
  record WithdrawalDoc(int schema, String packageName, String version, String fileName, String sha256,
      Instant withdrawnAt, String reason) {}

  /** {@code <base>/<name>/<version>}, refused when the stored names would lead outside {@code base}. */
  private static Path versionDir(Path base, Publication publication) throws PortException {
    Path dir = base.resolve(publication.packageName()).resolve(publication.version()).normalize();
    if (dir.getParent() == null || dir.getParent().getParent() == null || !dir.getParent().getParent().equals(base)) {
      throw new PortException("publication " + publication.packageName() + " " + publication.version()
          + " does not name a folder of the repository");
    }
    return dir;
  }

  private static String safeName(String assetName) throws PortException {
    if (assetName.isEmpty() || assetName.contains("/") || assetName.contains("\\") || assetName.startsWith(".")) {
      throw new PortException("asset name '" + assetName + "' is not a file name");
    }
    return assetName;
  }

  private Publication publication(Distribution distribution, Path asset, Sha256 sha256) {
    String install = switch (distribution.kind()) {
      case PYTHON_SDIST, PYTHON_WHEEL -> "pip install --index-url " + simpleIndexUrl() + " "
          + distribution.normalisedName() + "==" + distribution.version();
      case NPM_TARBALL -> "npm install " + asset;
      case GENERIC -> ArchiveNames.installCommand(asset.toString());
    };
    return Publication.builder()
        .repository(ID)
        .packageName(distribution.normalisedName())
        .version(distribution.version())
        .assetName(asset.getFileName().toString())
        .sha256(sha256)
        .location(asset.toString())
        .installInstructions(install)
        .build();
  }

  private static PortException conflict(Distribution distribution, Sha256 stored, Sha256 incoming) {
    String what = distribution.kind().isPython() ? distribution.fileName() + " of " : "";
    return new PortException(what + distribution.normalisedName() + " " + distribution.version()
        + " is already published with different content (sha256 " + stored.shortHex(12) + ", this is "
        + incoming.shortHex(12) + "); it is never overwritten");
  }

  private static void copy(FetchedArtifact artifact, Path asset) throws PortException {
    try (InputStream in = artifact.openStream()) {
      AtomicFiles.copy(in, asset);
    } catch (IOException e) {
      throw new PortException("cannot write " + asset + ": " + e.getMessage(), e);
    }
  }

  private static Sha256 hashOf(Path file) throws PortException {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), Sha256.newDigest())) {
      in.transferTo(OutputStream.nullOutputStream());
      return Sha256.ofBytes(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new PortException("cannot read " + file + ": " + e.getMessage(), e);
    }
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

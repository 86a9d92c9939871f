package dev.airlock.adapter.aws.codeartifact;

import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codeartifact.CodeartifactClient;
import software.amazon.awssdk.services.codeartifact.model.AssetSummary;
import software.amazon.awssdk.services.codeartifact.model.ConflictException;
import software.amazon.awssdk.services.codeartifact.model.HashAlgorithm;
import software.amazon.awssdk.services.codeartifact.model.PackageFormat;
import software.amazon.awssdk.services.codeartifact.model.PackageVersionStatus;
import software.amazon.awssdk.services.codeartifact.model.PackageVersionSummary;
import software.amazon.awssdk.services.codeartifact.model.ResourceNotFoundException;

/**
 * Publishes approved archives to AWS CodeArtifact as generic packages: namespace from
 * configuration, package = normalised name, one asset per version. Content already there (same
 * SHA-256) is reused; a version that holds other content is an error, never overwritten.
 *
 * <p>A withdrawn version is set to status {@code Archived} (UpdatePackageVersionsStatus): its assets
 * can no longer be downloaded and it leaves the version lists, yet nothing is deleted and InfoSec can
 * restore it. {@code Unlisted} would not do: an unlisted version still downloads.
 */
public final class CodeArtifactRepository implements PackageRepository {
  /** The repository's id. */
  public static final String ID = "codeartifact";

  private static final Set<PackageVersionStatus> DOWNLOADABLE =
      Set.of(PackageVersionStatus.PUBLISHED, PackageVersionStatus.UNLISTED);

  /** Largest asset read back for re-evaluation (CodeArtifact's own limit for a generic asset is 5 GB). */
  static final long MAX_ASSET_BYTES = 5L * 1024 * 1024 * 1024;

  private final CodeartifactClient client;
  private final CodeArtifactSettings settings;

  public CodeArtifactRepository(CodeartifactClient client, CodeArtifactSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Publication> findBySha256(String normalisedName, Sha256 sha256) throws PortException {
    try {
      for (PackageVersionSummary version : client.listPackageVersionsPaginator(b -> b
              .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
              .repository(settings.repository()).format(PackageFormat.GENERIC)
              .namespace(settings.namespace()).packageValue(normalisedName))
          .versions()) {
        if (!DOWNLOADABLE.contains(version.status())) {
          continue; // archived, disposed or deleted versions cannot be installed from
        }
        Optional<AssetSummary> asset = assetOf(normalisedName, version.version());
        if (asset.isPresent() && sha256.hex().equalsIgnoreCase(asset.get().hashes().get(HashAlgorithm.SHA_256))) {
          return Optional.of(publication(normalisedName, version.version(), asset.get().name(), sha256));
        }
      }
      return Optional.empty();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + normalisedName + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Publication publish(PackageRequest request, String version, FetchedArtifact artifact, ScanVerdict verdict)
      throws PortException {
    if (!verdict.isApproved()) {
      throw new PortException("refusing to publish " + request.name() + ": its verdict is " + verdict.outcome());
    }
    String name = request.normalisedName();
    Optional<Publication> existing = existingVersion(name, version, artifact.sha256());
    if (existing.isPresent()) {
      return existing.get();
    }
    String assetName = AssetNames.of(name, version, artifact.fileName());
    try {
      client.publishPackageVersion(b -> b
              .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
              .repository(settings.repository()).format(PackageFormat.GENERIC)
              .namespace(settings.namespace()).packageValue(name).packageVersion(version)
              .assetName(assetName).assetSHA256(artifact.sha256().hex()).unfinished(false),
          RequestBody.fromContentProvider(() -> open(artifact), artifact.size(), "application/octet-stream"));
      return publication(name, version, assetName, artifact.sha256());
    } catch (ConflictException e) {
      // Someone published this version meanwhile: fine if it is our content, an error otherwise.
      return existingVersion(name, version, artifact.sha256()).orElseThrow(() -> new PortException(
          "CodeArtifact refused " + name + " " + version + " as a conflict: " + e.getMessage(), e));
    } catch (SdkException | UncheckedIOException e) {
      throw new PortException("CodeArtifact publish of " + name + " " + version + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public FetchedArtifact fetch(Publication publication) throws PortException {
    String name = publication.packageName();
    String version = publication.version();
    try (var asset = client.getPackageVersionAsset(b -> b
        .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
        .repository(settings.repository()).format(PackageFormat.GENERIC)
        .namespace(settings.namespace()).packageValue(name).packageVersion(version)
        .asset(publication.assetName()))) {
      return DownloadedAsset.store(asset, publication.assetName(), MAX_ASSET_BYTES);
    } catch (ResourceNotFoundException e) {
      throw new PortException(name + " " + version + " (" + publication.assetName() + ") is not in CodeArtifact "
          + "repository " + settings.repository() + ": " + e.getMessage(), e);
    } catch (SdkException | IOException e) {
      throw new PortException("CodeArtifact download of " + name + " " + version + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean withdraw(Publication publication, String reason) throws PortException {
    String name = publication.packageName();
    String version = publication.version();
    PackageVersionStatus status;
    try {
      status = client.describePackageVersion(b -> b
              .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
              .repository(settings.repository()).format(PackageFormat.GENERIC)
              .namespace(settings.namespace()).packageValue(name).packageVersion(version))
          .packageVersion().status();
    } catch (ResourceNotFoundException e) {
      throw new PortException(name + " " + version + " is not in CodeArtifact repository " + settings.repository()
          + "; nothing to withdraw", e);
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + name + " " + version + " failed: " + e.getMessage(), e);
    }
    if (!DOWNLOADABLE.contains(status)) {
      return false; // archived or disposed: nothing installs it any more
    }
    try {
      var response = client.updatePackageVersionsStatus(b -> b
          .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
          .repository(settings.repository()).format(PackageFormat.GENERIC)
          .namespace(settings.namespace()).packageValue(name).versions(version)
          .expectedStatus(status).targetStatus(PackageVersionStatus.ARCHIVED));
      if (response.hasFailedVersions() && response.failedVersions().containsKey(version)) {
        var failure = response.failedVersions().get(version);
        throw new PortException("CodeArtifact did not archive " + name + " " + version + ": "
            + failure.errorCodeAsString() + " " + failure.errorMessage());
      }
      return true;
    } catch (SdkException e) {
      throw new PortException("CodeArtifact could not archive " + name + " " + version + ": " + e.getMessage(), e);
    }
  }

  private Optional<Publication> existingVersion(String name, String version, Sha256 sha256) throws PortException {
    Optional<AssetSummary> asset;
    try {
      asset = assetOf(name, version);
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + name + " " + version + " failed: " + e.getMessage(), e);
    }
    if (asset.isEmpty()) {
      return Optional.empty();
    }
    String stored = asset.get().hashes().get(HashAlgorithm.SHA_256);
    if (stored == null || !stored.equalsIgnoreCase(sha256.hex())) {
      throw new PortException(name + " " + version + " is already published in CodeArtifact with different content"
          + " (sha256 " + (stored == null ? "unknown" : stored.toLowerCase(Locale.ROOT).substring(0, 12))
          + ", this is " + sha256.shortHex(12) + "); it is never overwritten");
    }
    PackageVersionStatus status;
    try {
      status = client.describePackageVersion(b -> b
              .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
              .repository(settings.repository()).format(PackageFormat.GENERIC)
              .namespace(settings.namespace()).packageValue(name).packageVersion(version))
          .packageVersion().status();
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + name + " " + version + " failed: " + e.getMessage(), e);
    }
    if (!DOWNLOADABLE.contains(status)) {
      throw new PortException(name + " " + version + " holds this content in CodeArtifact but is " + status
          + ", so it cannot be installed; restore it (update-package-versions-status) rather than republish");
    }
    return Optional.of(publication(name, version, asset.get().name(), sha256));
  }

  private Optional<AssetSummary> assetOf(String name, String version) {
    try {
      return client.listPackageVersionAssetsPaginator(b -> b
              .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
              .repository(settings.repository()).format(PackageFormat.GENERIC)
              .namespace(settings.namespace()).packageValue(name).packageVersion(version))
          .assets().stream().findFirst();
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private Publication publication(String name, String version, String assetName, Sha256 sha256) {
    String owner = settings.domainOwner().map(o -> " --domain-owner " + o).orElse("");
    String fetch = "aws codeartifact get-package-version-asset --domain " + settings.domain() + owner
        + " --repository " + settings.repository() + " --format generic --namespace " + settings.namespace()
        + " --package " + name + " --package-version " + version + " --asset " + assetName + " " + assetName;
    String install = ArchiveNames.installCommand("./" + assetName);
    return Publication.builder()
        .repository(ID)
        .packageName(name)
        .version(version)
        .assetName(assetName)
        .sha256(sha256)
        .location("codeartifact://" + settings.domain() + "/" + settings.repository() + "/generic/"
            + settings.namespace() + "/" + name + "/" + version + "/" + assetName)
        .installInstructions(fetch + "\n" + install)
        .build();
  }

  private static java.io.InputStream open(FetchedArtifact artifact) {
    try {
      return artifact.openStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

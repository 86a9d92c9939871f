package dev.airlock.adapter.aws.codeartifact;

import dev.airlock.adapter.aws.codeartifact.RepositoryAccess.Token;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.NpmNames;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codeartifact.CodeartifactClient;
import software.amazon.awssdk.services.codeartifact.model.AssetSummary;
import software.amazon.awssdk.services.codeartifact.model.ConflictException;
import software.amazon.awssdk.services.codeartifact.model.HashAlgorithm;
import software.amazon.awssdk.services.codeartifact.model.PackageFormat;
import software.amazon.awssdk.services.codeartifact.model.PackageVersionStatus;
import software.amazon.awssdk.services.codeartifact.model.ResourceNotFoundException;

/**
 * Publishes approved archives to AWS CodeArtifact. In the native format (the default) a Python
 * sdist or wheel goes to the repository's pypi format with the upload twine makes, and an npm
 * tarball to its npm format with the request {@code npm publish} sends, so notebooks install them
 * with {@code pip install NAME==VERSION} / {@code npm install NAME@VERSION} after
 * {@code aws codeartifact login}; anything else, and everything in the generic format, is a generic
 * package (namespace from configuration, one asset per version). Content already there (same
 * SHA-256) is reused; a file name (pypi) or version (npm, generic) that holds other content is an
 * error, never overwritten. Content is looked for in the version the archive names only, so a
 * look-up costs a few calls however many versions the package has.
 *
 * <p>A withdrawn version is set to status {@code Archived} (UpdatePackageVersionsStatus), in whichever
 * format it was published: its assets can no longer be downloaded and it leaves the version lists,
 * yet nothing is deleted and InfoSec can restore it. {@code Unlisted} would not do: an unlisted
 * version still downloads.
 */
public final class CodeArtifactRepository implements PackageRepository {
  /** The repository's id. */
  public static final String ID = "codeartifact";

  private static final Set<PackageVersionStatus> DOWNLOADABLE =
      Set.of(PackageVersionStatus.PUBLISHED, PackageVersionStatus.UNLISTED);

  /** Where a package lives in CodeArtifact: format, namespace (generic namespace, npm scope) and name. */
  private record Coordinates(PackageFormat format, Optional<String> namespace, String name) {
    String describe() {
      return format.toString().toLowerCase(Locale.ROOT) + " package " + namespace.map(n -> n + "/").orElse("") + name;
    }
  }

  /** Largest asset read back for re-evaluation (CodeArtifact's own limit for an asset is 5 GB). */
  static final long MAX_ASSET_BYTES = 5L * 1024 * 1024 * 1024;

  private final CodeartifactClient client;
  private final CodeArtifactSettings settings;
  private final RepositoryAccess access;
  private final HttpClient uploads;

  public CodeArtifactRepository(CodeartifactClient client, CodeArtifactSettings settings) {
    this.client = client;
    this.settings = settings;
    this.access = new RepositoryAccess(client, settings);
    this.uploads = Uploads.newClient();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Publication> findBySha256(Distribution distribution, Sha256 sha256) throws PortException {
    // Only the version the archive's metadata names is asked (ListPackageVersionAssets, then
    // DescribePackageVersion when it holds the content): a few calls however long the package's
    // history. Another file of that version holding other content is publish's business (an error).
    Coordinates at = coordinates(distribution);
    String version = distribution.version();
    try {
      Optional<AssetSummary> asset = assets(at, version).stream()
          .filter(a -> sha256.hex().equalsIgnoreCase(a.hashes().get(HashAlgorithm.SHA_256))).findFirst();
      if (asset.isEmpty() || !DOWNLOADABLE.contains(status(at, version))) {
        return Optional.empty(); // archived, disposed or deleted versions cannot be installed from
      }
      return Optional.of(publication(at, distribution.name(), version, asset.get().name(), sha256));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + at.name() + " " + version + " failed: " + e.getMessage(),
          e);
    }
  }

  @Override
  public Publication publish(PackageRequest request, Distribution distribution, FetchedArtifact artifact,
      ScanVerdict verdict) throws PortException {
    PackageRepository.requireApproved(request, verdict);
    Coordinates at = coordinates(distribution);
    return switch (at.format()) {
      case PYPI -> publishPypi(at, distribution, artifact);
      case NPM -> publishNpm(at, distribution, artifact);
      default -> publishGeneric(at, distribution, artifact);
    };
  }

  private Coordinates coordinates(Distribution distribution) {
    if (settings.format() == CodeArtifactSettings.Format.NATIVE) {
      switch (distribution.kind()) {
        case PYTHON_SDIST, PYTHON_WHEEL -> {
          return new Coordinates(PackageFormat.PYPI, Optional.empty(), distribution.normalisedName());
        }
        case NPM_TARBALL -> {
          return new Coordinates(PackageFormat.NPM, NpmNames.scope(distribution.name()),
              NpmNames.unscoped(distribution.name()));
        }
        case GENERIC -> { }
      }
    }
    return new Coordinates(PackageFormat.GENERIC, Optional.of(settings.namespace()), distribution.normalisedName());
  }

  /**
   * A pypi version may hold an sdist and wheels: the file is uploaded unless a file of the version
   * already holds this content; a file of the same name with other content is a conflict.
   */
  private Publication publishPypi(Coordinates at, Distribution distribution, FetchedArtifact artifact)
      throws PortException {
    String version = distribution.version();
    String file = distribution.fileName();
    Optional<Publication> existing = existingFile(at, distribution, artifact.sha256(), a -> a.name().equals(file));
    if (existing.isPresent()) {
      return existing.get();
    }
    Token token = access.token();
    Uploads.Answer answer = PypiUpload.send(uploads, access.endpoint(PackageFormat.PYPI), token, distribution,
        artifact);
    if (!answer.isSuccess()) {
      return existingFile(at, distribution, artifact.sha256(), a -> a.name().equals(file))
          .orElseThrow(() -> new PortException("CodeArtifact refused the pypi upload of " + file + " ("
              + answer.describe() + ")"));
    }
    return publication(at, distribution.name(), version, file, artifact.sha256());
  }

  /** An npm version holds one tarball: any other content under it is a conflict. */
  private Publication publishNpm(Coordinates at, Distribution distribution, FetchedArtifact artifact)
      throws PortException {
    Optional<Publication> existing = existingFile(at, distribution, artifact.sha256(), a -> true);
    if (existing.isPresent()) {
      return existing.get();
    }
    Token token = access.token();
    Uploads.Answer answer = NpmPublish.send(uploads, access.endpoint(PackageFormat.NPM), token, distribution,
        artifact);
    if (!answer.isSuccess()) {
      return existingFile(at, distribution, artifact.sha256(), a -> true)
          .orElseThrow(() -> new PortException("CodeArtifact refused the npm publish of " + distribution.name() + " "
              + distribution.version() + " (" + answer.describe() + ")"));
    }
    return publication(at, distribution.name(), distribution.version(), distribution.fileName(), artifact.sha256());
  }

  /**
   * The publication of this content in the distribution's version, if the version holds it (and can
   * be installed); an error when an asset {@code clashes} holds other content.
   */
  private Optional<Publication> existingFile(Coordinates at, Distribution distribution, Sha256 sha256,
      Predicate<AssetSummary> clashes) throws PortException {
    String version = distribution.version();
    List<AssetSummary> assets;
    try {
      assets = assets(at, version);
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + at.name() + " " + version + " failed: " + e.getMessage(),
          e);
    }
    Optional<AssetSummary> same = assets.stream()
        .filter(a -> sha256.hex().equalsIgnoreCase(a.hashes().get(HashAlgorithm.SHA_256))).findFirst();
    if (same.isEmpty()) {
      Optional<AssetSummary> other = assets.stream().filter(clashes).findFirst();
      if (other.isPresent()) {
        throw new PortException(distribution.name() + " " + version + " is already published in CodeArtifact ("
            + at.describe() + ", " + other.get().name() + ") with different content (sha256 "
            + shortHex(other.get().hashes().get(HashAlgorithm.SHA_256)) + ", this is " + sha256.shortHex(12)
            + "); it is never overwritten");
      }
      return Optional.empty();
    }
    requireDownloadable(at, distribution.name(), version);
    return Optional.of(publication(at, distribution.name(), version, same.get().name(), sha256));
  }

  private Publication publishGeneric(Coordinates at, Distribution distribution, FetchedArtifact artifact)
      throws PortException {
    String name = at.name();
    String version = distribution.version();
    Optional<Publication> existing = existingFile(at, distribution, artifact.sha256(), a -> true);
    if (existing.isPresent()) {
      return existing.get();
    }
    String assetName = AssetNames.of(name, version, distribution.fileName());
    try {
      client.publishPackageVersion(b -> b
              .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
              .repository(settings.repository()).format(PackageFormat.GENERIC)
              .namespace(settings.namespace()).packageValue(name).packageVersion(version)
              .assetName(assetName).assetSHA256(artifact.sha256().hex()).unfinished(false),
          RequestBody.fromContentProvider(() -> open(artifact), artifact.size(), "application/octet-stream"));
      return publication(at, distribution.name(), version, assetName, artifact.sha256());
    } catch (ConflictException e) {
      // Someone published this version meanwhile: fine if it is our content, an error otherwise.
      return existingFile(at, distribution, artifact.sha256(), a -> true).orElseThrow(() -> new PortException(
          "CodeArtifact refused " + name + " " + version + " as a conflict: " + e.getMessage(), e));
    } catch (SdkException | UncheckedIOException e) {
      throw new PortException("CodeArtifact publish of " + name + " " + version + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public FetchedArtifact fetch(Publication publication) throws PortException {
    Coordinates at = coordinates(publication);
    String version = publication.version();
    try (var asset = client.getPackageVersionAsset(b -> b
        .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
        .repository(settings.repository()).format(at.format())
        .namespace(at.namespace().orElse(null)).packageValue(at.name()).packageVersion(version)
        .asset(publication.assetName()))) {
      return DownloadedAsset.store(asset, publication.assetName(), MAX_ASSET_BYTES);
    } catch (ResourceNotFoundException e) {
      throw new PortException(at.describe() + " " + version + " (" + publication.assetName() + ") is not in "
          + "CodeArtifact repository " + settings.repository() + ": " + e.getMessage(), e);
    } catch (SdkException | IOException e) {
      throw new PortException("CodeArtifact download of " + at.describe() + " " + version + " failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public boolean withdraw(Publication publication, String reason) throws PortException {
    Coordinates at = coordinates(publication);
    String version = publication.version();
    PackageVersionStatus status;
    try {
      status = status(at, version);
    } catch (ResourceNotFoundException e) {
      throw new PortException(at.describe() + " " + version + " is not in CodeArtifact repository "
          + settings.repository() + "; nothing to withdraw", e);
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + at.describe() + " " + version + " failed: "
          + e.getMessage(), e);
    }
    if (!DOWNLOADABLE.contains(status)) {
      return false; // archived or disposed: nothing installs it any more
    }
    try {
      var response = client.updatePackageVersionsStatus(b -> b
          .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
          .repository(settings.repository()).format(at.format())
          .namespace(at.namespace().orElse(null)).packageValue(at.name()).versions(version)
          .expectedStatus(status).targetStatus(PackageVersionStatus.ARCHIVED));
      if (response.hasFailedVersions() && response.failedVersions().containsKey(version)) {
        var failure = response.failedVersions().get(version);
        throw new PortException("CodeArtifact did not archive " + at.describe() + " " + version + ": "
            + failure.errorCodeAsString() + " " + failure.errorMessage());
      }
      return true;
    } catch (SdkException e) {
      throw new PortException("CodeArtifact could not archive " + at.describe() + " " + version + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Where a publication of this repository lives, read from its location
   * ({@code codeartifact://<domain>/<repository>/<format>/[<namespace>/]<name>/<version>/<asset>}).
   */
  private Coordinates coordinates(Publication publication) throws PortException {
    String prefix = "codeartifact://" + settings.domain() + "/" + settings.repository() + "/";
    String location = publication.location();
    if (!location.startsWith(prefix)) {
      throw new PortException(publication.packageName() + " " + publication.version() + " was published to "
          + location + ", not to CodeArtifact repository " + settings.domain() + "/" + settings.repository());
    }
    String[] parts = location.substring(prefix.length()).split("/", -1);
    PackageFormat format = parts.length >= 4 ? PackageFormat.fromValue(parts[0]) : PackageFormat.UNKNOWN_TO_SDK_VERSION;
    if (format == PackageFormat.UNKNOWN_TO_SDK_VERSION || parts.length > 5) {
      throw new PortException("CodeArtifact location " + location + " does not name a format, package and version");
    }
    return parts.length == 5
        ? new Coordinates(format, Optional.of(parts[1]), parts[2])
        : new Coordinates(format, Optional.empty(), parts[1]);
  }

  private void requireDownloadable(Coordinates at, String displayName, String version) throws PortException {
    PackageVersionStatus status;
    try {
      status = status(at, version);
    } catch (SdkException e) {
      throw new PortException("CodeArtifact lookup of " + at.name() + " " + version + " failed: " + e.getMessage(),
          e);
    }
    if (!DOWNLOADABLE.contains(status)) {
      throw new PortException(displayName + " " + version + " holds this content in CodeArtifact but is " + status
          + ", so it cannot be installed; restore it (update-package-versions-status) rather than republish");
    }
  }

  /** The version's status (Published, Unlisted, Archived...). */
  private PackageVersionStatus status(Coordinates at, String version) {
    return client.describePackageVersion(b -> b
            .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
            .repository(settings.repository()).format(at.format())
            .namespace(at.namespace().orElse(null)).packageValue(at.name()).packageVersion(version))
        .packageVersion().status();
  }

  /** Every asset of a version (none when the version does not exist). */
  private List<AssetSummary> assets(Coordinates at, String version) {
    try {
      return client.listPackageVersionAssetsPaginator(b -> b
              .domain(settings.domain()).domainOwner(settings.domainOwner().orElse(null))
              .repository(settings.repository()).format(at.format())
              .namespace(at.namespace().orElse(null)).packageValue(at.name()).packageVersion(version))
          .assets().stream().toList();
    } catch (ResourceNotFoundException e) {
      return List.of();
    }
  }

  private Publication publication(Coordinates at, String displayName, String version, String assetName,
      Sha256 sha256) {
    String owner = settings.domainOwner().map(o -> " --domain-owner " + o).orElse("");
    String repository = " --domain " + settings.domain() + owner + " --repository " + settings.repository();
    String install;
    String packageName = at.name();
    if (at.format().equals(PackageFormat.PYPI)) {
      install = "aws codeartifact login --tool pip" + repository + "\npip install " + at.name() + "==" + version;
    } else if (at.format().equals(PackageFormat.NPM)) {
      packageName = displayName;
      install = "aws codeartifact login --tool npm" + repository + "\nnpm install " + displayName + "@" + version;
    } else {
      install = "aws codeartifact get-package-version-asset" + repository + " --format generic --namespace "
          + settings.namespace() + " --package " + at.name() + " --package-version " + version + " --asset "
          + assetName + " " + assetName + "\n" + ArchiveNames.installCommand("./" + assetName);
    }
    return Publication.builder()
        .repository(ID)
        .packageName(packageName)
        .version(version)
        .assetName(assetName)
        .sha256(sha256)
        .location("codeartifact://" + settings.domain() + "/" + settings.repository() + "/"
            + at.format().toString().toLowerCase(Locale.ROOT) + "/" + at.namespace().map(n -> n + "/").orElse("")
            + at.name() + "/" + version + "/" + assetName)
        .installInstructions(install)
        .build();
  }

  private static String shortHex(String hex) {
    return hex == null ? "unknown" : hex.toLowerCase(Locale.ROOT).substring(0, Math.min(12, hex.length()));
  }

  private static InputStream open(FetchedArtifact artifact) {
    try {
      return artifact.openStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

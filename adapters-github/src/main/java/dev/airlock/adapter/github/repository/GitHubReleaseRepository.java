package dev.airlock.adapter.github.repository;

import dev.airlock.adapter.github.GitHubErrors;
import dev.airlock.application.message.OutcomeMessages;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.PackageRepository;
import dev.airlock.domain.ArchiveNames;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.ScanVerdict;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.github.GHAsset;
import org.kohsuke.github.GHRelease;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Publishes approved archives as releases of a private GitHub repository: tag
 * {@code <name>-<version>}, the archive as the release's one asset, and release notes with its
 * SHA-256, the verdict and the download-and-install commands. The notes carry a hidden marker with
 * the package and SHA-256, which is how the same content is found again under the tag of the
 * version it names (one look-up by tag, however many releases there are): reused, never published
 * twice; a tag that holds other content is an error, never overwritten; a release a crash left
 * without its asset is completed.
 *
 * <p>hub4j's {@code GHRelease.uploadAsset} reads the whole stream into a byte array before sending
 * it, so the asset is uploaded here instead, streamed from the archive with a fixed
 * {@code Content-Length}, with the same authorization the hub4j client uses.
 *
 * <p>A withdrawn release keeps its tag and notes, which gain a first paragraph saying when and why
 * it was withdrawn (and a hidden {@code airlock:withdrawn} marker); its asset is deleted, so nothing
 * downloads it. The SHA-256 stays in the notes and the ledger keeps the decision's history.
 */
public final class GitHubReleaseRepository implements PackageRepository {
  /** The repository's id. */
  public static final String ID = "github";
  /** The hidden first line of Airlock's release notes. */
  static final Pattern MARKER = Pattern.compile(
      "<!-- airlock:package=([A-Za-z0-9._-]+) version=([A-Za-z0-9.+_-]+) sha256=([0-9a-f]{64}) asset=([^\\s]+) -->");
  /** {@code owner/name}, nothing that could reach another API path. */
  static final Pattern REPOSITORY =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,199}");
  private static final String UPLOADED = "uploaded";
  /** Marks release notes whose asset Airlock withdrew. */
  static final String WITHDRAWN = "<!-- airlock:withdrawn -->";
  /** Largest asset read back for re-evaluation (GitHub's own limit for a release asset is 2 GiB). */
  static final long MAX_ASSET_BYTES = 2L * 1024 * 1024 * 1024;
  private static final int PAGE_SIZE = 100;

  private final GitHub github;
  private final String repository;
  private final AuthorizationProvider authorization;
  private final HttpClient uploads;

  /**
   * @param github the client (GitHub.com or a GitHub Enterprise Server base URL)
   * @param repository {@code owner/name} of the private repository that holds the releases
   * @param authorization what the client sends as {@code Authorization}; the asset upload sends the same
   */
  public GitHubReleaseRepository(GitHub github, String repository, AuthorizationProvider authorization) {
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("GitHub repository '" + repository + "' is not owner/name");
    }
    this.github = github;
    this.repository = repository;
    this.authorization = authorization;
    this.uploads = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER) // never hand the token to wherever a redirect points
        .build();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<Publication> findBySha256(Distribution distribution, Sha256 sha256) throws PortException {
    // The release of the version the archive names, by its tag: a few calls however many releases
    // the repository has. Another tag holding other content is publish's business (an error).
    String normalisedName = distribution.normalisedName();
    String tag = normalisedName + "-" + distribution.version();
    if (!TAG.matcher(tag).matches()) {
      return Optional.empty(); // publish says why no release can have this tag
    }
    try {
      GHRelease release = github.getRepository(repository).getReleaseByTagName(tag);
      if (release == null) {
        return Optional.empty();
      }
      Optional<Notes> notes = Notes.parse(release.getBody());
      if (notes.isEmpty() || !notes.get().packageName().equals(normalisedName)
          || !notes.get().sha256().equals(sha256.hex())) {
        return Optional.empty();
      }
      Optional<GHAsset> asset = uploadedAsset(release, notes.get().assetName());
      return asset.isPresent() ? Optional.of(publication(release, notes.get(), sha256)) : Optional.empty();
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "look for release " + tag + " of " + normalisedName,
          "contents: read");
    }
  }

  @Override
  public Publication publish(PackageRequest request, Distribution distribution, FetchedArtifact artifact,
      ScanVerdict verdict) throws PortException {
    PackageRepository.requireApproved(request, verdict);
    String name = distribution.normalisedName();
    String version = distribution.version();
    String tag = name + "-" + version;
    if (!TAG.matcher(tag).matches()) {
      throw new PortException("cannot publish " + name + " " + version + " to GitHub: '" + tag
          + "' is not a usable tag name");
    }
    Sha256 sha256 = artifact.sha256();
    try {
      GHRepository repo = github.getRepository(repository);
      GHRelease release = repo.getReleaseByTagName(tag);
      Notes notes;
      if (release == null) {
        notes = new Notes(name, version, sha256.hex(), assetName(distribution.fileName()));
        release = create(repo, tag, notes, request, artifact, verdict);
      }
      notes = sameContent(release, tag, name, version, sha256);
      ensureAsset(release, tag, notes.assetName(), artifact);
      return publication(release, notes, sha256);
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "publish " + name + " " + version + " as release " + tag,
          "contents: write");
    }
  }

  @Override
  public FetchedArtifact fetch(Publication publication) throws PortException {
    String tag = publication.packageName() + "-" + publication.version();
    try {
      GHRelease release = airlockRelease(tag, publication);
      GHAsset asset = uploadedAsset(release, publication.assetName()).orElseThrow(() -> new PortException(
          publication.assetName() + " is not in release " + tag + " of GitHub repository " + repository
              + (release.getBody() != null && release.getBody().contains(WITHDRAWN) ? " (withdrawn)" : "")));
      return download(asset, tag);
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "download " + publication.assetName() + " of release " + tag,
          "contents: read");
    }
  }

  @Override
  public boolean withdraw(Publication publication, String reason) throws PortException {
    String tag = publication.packageName() + "-" + publication.version();
    try {
      GHRelease release = airlockRelease(tag, publication);
      String body = release.getBody();
      boolean noted = body.contains(WITHDRAWN);
      Optional<GHAsset> asset = Optional.empty();
      for (GHAsset a : release.listAssets().withPageSize(PAGE_SIZE)) {
        if (a.getName().equals(publication.assetName())) {
          asset = Optional.of(a);
        }
      }
      if (noted && asset.isEmpty()) {
        return false;
      }
      if (!noted) {
        // The reason first: a withdrawal that stops half-way still says why.
        release.update()
            .name(publication.packageName() + " " + publication.version() + " (withdrawn)")
            .body(WITHDRAWN + "\n> **Withdrawn by Airlock on " + LocalDate.now(ZoneOffset.UTC)
                + "**: " + reason.replace("\n", " ").replace("<", "&lt;") + "\n> The asset was deleted; do not "
                + "install this version. The SHA-256 below identifies what was published.\n\n" + body)
            .update();
      }
      if (asset.isPresent()) {
        asset.get().delete();
      }
      return true;
    } catch (IOException e) {
      throw GitHubErrors.describe(e, repository, "withdraw release " + tag, "contents: write");
    }
  }

  /** The release {@code tag}, when Airlock published it with this content. */
  private GHRelease airlockRelease(String tag, Publication publication) throws IOException, PortException {
    GHRelease release = github.getRepository(repository).getReleaseByTagName(tag);
    if (release == null) {
      throw new PortException("release " + tag + " is not in GitHub repository " + repository);
    }
    Optional<Notes> notes = Notes.parse(release.getBody());
    if (notes.isEmpty() || !notes.get().sha256().equals(publication.sha256().hex())) {
      throw new PortException("release " + tag + " of GitHub repository " + repository
          + " does not hold the content Airlock published (SHA-256 " + publication.sha256().shortHex(12) + ")");
    }
    return release;
  }

  /**
   * Downloads an asset through the API. GitHub answers with a redirect to its storage, whose URL is
   * signed: it is followed without the token, which never leaves for another host.
   */
  private FetchedArtifact download(GHAsset asset, String tag) throws IOException, PortException {
    URI target = apiUri(asset.getUrl().toString(), "asset of release " + tag);
    HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(30))
        .header("Accept", "application/octet-stream").header("X-GitHub-Api-Version", "2022-11-28");
    String credentials = authorization.getEncodedAuthorization();
    if (credentials != null) {
      builder.header("Authorization", credentials);
    }
    HttpResponse<InputStream> response = send(builder.GET().build());
    if (response.statusCode() / 100 == 3) {
      response.body().close();
      String location = response.headers().firstValue("Location").orElseThrow(() -> new PortException(
          "GitHub redirected the download of " + asset.getName() + " nowhere"));
      URI storage = target.resolve(location);
      if (!"https".equalsIgnoreCase(storage.getScheme()) && !storage.getHost().equalsIgnoreCase(target.getHost())) {
        throw new PortException("GitHub redirected the download of " + asset.getName() + " to a URL that is not https");
      }
      response = send(HttpRequest.newBuilder(storage).timeout(Duration.ofMinutes(30)).GET().build());
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw GitHubErrors.describe(response.statusCode(), repository, "download " + asset.getName()
            + " of release " + tag, "contents: read", null);
      }
      return DownloadedAsset.store(body, asset.getName(), MAX_ASSET_BYTES);
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    try {
      return uploads.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download interrupted");
    }
  }

  /** An API URL GitHub handed out, where the token may go: https, or the API URL's own scheme and host. */
  private URI apiUri(String url, String what) throws PortException {
    URI uri = URI.create(url);
    URI api = URI.create(github.getApiUrl());
    boolean sameHost = api.getScheme().equalsIgnoreCase(uri.getScheme())
        && api.getHost() != null && api.getHost().equalsIgnoreCase(uri.getHost());
    if (!"https".equalsIgnoreCase(uri.getScheme()) && !sameHost) {
      throw new PortException("GitHub gave a URL that is not https for the " + what + " in " + repository);
    }
    return uri;
  }

  /** Creates the release; when another run created it meanwhile (HTTP 422), returns theirs. */
  private GHRelease create(GHRepository repo, String tag, Notes notes, PackageRequest request,
      FetchedArtifact artifact, ScanVerdict verdict) throws IOException, PortException {
    try {
      return repo.createRelease(tag)
          .name(notes.packageName() + " " + notes.version())
          .body(notes.render(request, artifact.size(), verdict, tag, installInstructions(tag, notes.assetName())))
          .draft(false)
          .prerelease(false)
          .create();
    } catch (IOException e) {
      if (GitHubErrors.status(e) != 422) {
        throw e;
      }
      GHRelease theirs = repo.getReleaseByTagName(tag);
      if (theirs == null) {
        throw GitHubErrors.describe(e, repository, "create release " + tag, "contents: write");
      }
      return theirs;
    }
  }

  /** The release's notes, when they say it holds this content; otherwise the conflict as an error. */
  private Notes sameContent(GHRelease release, String tag, String name, String version, Sha256 sha256)
      throws PortException {
    Optional<Notes> notes = Notes.parse(release.getBody());
    if (notes.isEmpty()) {
      throw new PortException(name + " " + version + " cannot be published to GitHub repository " + repository
          + ": release " + tag + " exists and was not published by Airlock; it is never overwritten");
    }
    if (!notes.get().packageName().equals(name) || !notes.get().sha256().equals(sha256.hex())) {
      throw new PortException(name + " " + version + " is already published in GitHub repository " + repository
          + " (release " + tag + ") with different content (sha256 " + notes.get().sha256().substring(0, 12)
          + ", this is " + sha256.shortHex(12) + "); it is never overwritten");
    }
    return notes.get();
  }

  /**
   * Uploads the asset unless it is there; an asset a crashed upload left half-done is replaced, a
   * finished one of another size is other content and an error.
   */
  private void ensureAsset(GHRelease release, String tag, String assetName, FetchedArtifact artifact)
      throws IOException, PortException {
    for (GHAsset asset : release.listAssets().withPageSize(PAGE_SIZE)) {
      if (!asset.getName().equals(assetName)) {
        continue;
      }
      if (!UPLOADED.equals(asset.getState())) {
        asset.delete(); // left by an upload that did not finish
      } else if (asset.getSize() == artifact.size()) {
        return;
      } else {
        throw new PortException(assetName + " in release " + tag + " of GitHub repository " + repository
            + " has " + asset.getSize() + " bytes, not the " + artifact.size() + " its notes promise; it is never"
            + " overwritten (delete the release if it was tampered with)");
      }
    }
    upload(release, tag, assetName, artifact);
  }

  private void upload(GHRelease release, String tag, String assetName, FetchedArtifact artifact)
      throws IOException, PortException {
    if (release.getUploadUrl() == null) {
      throw new PortException("GitHub gave no upload URL for release " + tag + " of " + repository);
    }
    URI target = uploadUri(release.getUploadUrl(), assetName);
    HttpRequest.Builder builder = HttpRequest.newBuilder(target);
    String credentials = authorization.getEncodedAuthorization();
    if (credentials != null) { // null: an anonymous client, as hub4j has it
      builder.header("Authorization", credentials);
    }
    HttpRequest request = builder
        .timeout(Duration.ofMinutes(30))
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("Content-Type", contentType(assetName))
        .POST(HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> open(artifact)), artifact.size()))
        .build();
    HttpResponse<Void> response;
    try {
      response = uploads.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("upload interrupted");
    } catch (IOException | UncheckedIOException e) {
      throw GitHubErrors.describe(-1, repository, "upload " + assetName + " to release " + tag
          + " (the next run completes it)", "contents: write", e);
    }
    if (response.statusCode() == 422 && uploadedAsset(release, assetName).isPresent()) {
      return; // another run uploaded it meanwhile
    }
    if (response.statusCode() != 201) {
      throw GitHubErrors.describe(response.statusCode(), repository, "upload " + assetName + " to release "
          + tag + " (the next run completes it)", "contents: write", null);
    }
  }

  /**
   * The release's upload URL for {@code assetName}. The token goes there, so it must be https (or the
   * scheme and host of the API URL, as in tests on loopback).
   */
  private URI uploadUri(String template, String assetName) throws PortException {
    int brace = template.indexOf('{');
    URI uri = URI.create((brace < 0 ? template : template.substring(0, brace))
        + "?name=" + URLEncoder.encode(assetName, StandardCharsets.UTF_8));
    URI api = URI.create(github.getApiUrl());
    boolean sameHost = api.getScheme().equalsIgnoreCase(uri.getScheme())
        && api.getHost() != null && api.getHost().equalsIgnoreCase(uri.getHost());
    if (!"https".equalsIgnoreCase(uri.getScheme()) && !sameHost) {
      throw new PortException("GitHub gave an upload URL that is not https for " + repository + "; not uploading");
    }
    return uri;
  }

  private static Optional<GHAsset> uploadedAsset(GHRelease release, String assetName) throws IOException {
    for (GHAsset asset : release.listAssets().withPageSize(PAGE_SIZE)) {
      if (asset.getName().equals(assetName) && UPLOADED.equals(asset.getState())) {
        return Optional.of(asset);
      }
    }
    return Optional.empty();
  }

  private Publication publication(GHRelease release, Notes notes, Sha256 sha256) {
    String tag = release.getTagName();
    return Publication.builder()
        .repository(ID)
        .packageName(notes.packageName())
        .version(notes.version())
        .assetName(notes.assetName())
        .sha256(sha256)
        .location(release.getHtmlUrl() != null ? release.getHtmlUrl().toString()
            : github.getApiUrl() + "/repos/" + repository + "/releases/tags/" + tag)
        .installInstructions(installInstructions(tag, notes.assetName()))
        .build();
  }

  /** {@code gh release download} (naming the host on GitHub Enterprise Server), then pip or npm. */
  private String installInstructions(String tag, String assetName) {
    URI api = URI.create(github.getApiUrl());
    String host = "api.github.com".equalsIgnoreCase(api.getHost()) ? "" : api.getAuthority() + "/";
    return "gh release download " + tag + " --repo " + host + repository + " --pattern '" + assetName + "'\n"
        + ArchiveNames.installCommand("./" + assetName);
  }

  /** The archive's file name with only the characters GitHub keeps in asset names ({@code A-Z a-z 0-9 . _ -}). */
  static String assetName(String fileName) {
    String safe = fileName.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[.]+|[.]+$", "");
    return safe.isEmpty() ? "package" : safe;
  }

  private static String contentType(String assetName) {
    String extension = ArchiveNames.extension(assetName).orElse("");
    return switch (extension.toLowerCase(Locale.ROOT)) {
      case ".tar.gz", ".tgz" -> "application/gzip";
      case ".zip", ".whl" -> "application/zip";
      case ".tar" -> "application/x-tar";
      default -> "application/octet-stream";
    };
  }

  private static InputStream open(FetchedArtifact artifact) {
    try {
      return artifact.openStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What Airlock's release notes say about the release: the hidden marker's fields.
   *
   * @param packageName the normalised package name
   * @param version the published version
   * @param sha256 the asset's SHA-256, 64 lower-case hex digits
   * @param assetName the asset's file name
   */
  record Notes(String packageName, String version, String sha256, String assetName) {

    /** The marker in {@code body}, if it has one. */
    static Optional<Notes> parse(String body) {
      if (body == null) {
        return Optional.empty();
      }
      Matcher m = MARKER.matcher(body);
      return m.find() ? Optional.of(new Notes(m.group(1), m.group(2), m.group(3), m.group(4))) : Optional.empty();
    }

    /** The release notes: the marker, what was checked, and how to download and install it. */
    String render(PackageRequest request, long size, ScanVerdict verdict, String tag, String install) {
      return "<!-- airlock:package=" + packageName + " version=" + version + " sha256=" + sha256
          + " asset=" + assetName + " -->\n"
          + "**" + packageName + " " + version + "**, approved by Airlock.\n\n"
          + "| | |\n|---|---|\n"
          + "| SHA-256 | `" + sha256 + "` |\n"
          + "| Asset | `" + assetName + "` (" + size + " bytes) |\n"
          + "| Verdict | " + OutcomeMessages.verdictSummary(verdict).replace("|", "\\|") + " |\n"
          + "| Requested from | `" + request.displayUrl().replace("`", "'").replace("|", "\\|") + "` |\n"
          + "| Requested by | `" + request.requester().id().replace("`", "'").replace("|", "\\|") + "` |\n\n"
          + "Download and install (with a token that can read this repository):\n\n"
          + "```sh\n" + install + "\n```\n\n"
          + "Check the download first: `sha256sum " + assetName + "` prints `" + sha256 + "`.\n"
          + "<sub>Release " + tag + "</sub>\n";
    }
  }
}

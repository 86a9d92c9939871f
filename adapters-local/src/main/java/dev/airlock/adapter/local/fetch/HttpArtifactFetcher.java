package dev.airlock.adapter.local.fetch;

import dev.airlock.adapter.local.archive.ArchiveMagic;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.application.port.out.FetchedArtifact;
import dev.airlock.domain.DisplayUrls;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Fetches archives over HTTPS into private temporary files, hashing and counting while it streams.
 * Redirects are followed by hand, each hop checked against the {@link HostPolicy}. {@code file:} URLs
 * are served only when {@link FetchSettings#fileBase()} is set, and only from inside that folder.
 */
public final class HttpArtifactFetcher implements ArtifactFetcher {
  private static final String USER_AGENT = "airlock (+https://github.com/airlock)";

  private final FetchSettings settings;
  private final HostPolicy hostPolicy;
  private final HttpClient client;

  public HttpArtifactFetcher(FetchSettings settings) {
    this.settings = settings;
    this.hostPolicy = new HostPolicy(settings.allowedHosts());
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.connectTimeout())
        .proxy(HttpClient.Builder.NO_PROXY)
        .build();
  }

  @Override
  public FetchedArtifact fetch(PackageRequest request) throws PortException {
    return fetch(request, bytes -> {});
  }

  @Override
  public FetchedArtifact fetch(PackageRequest request, LongConsumer bytesSoFar) throws PortException {
    URI url = request.url();
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return fetchFile(request, bytesSoFar);
    }
    URI current = url;
    for (int hop = 0; hop <= settings.maxRedirects(); hop++) {
      try {
        hostPolicy.check(current);
      } catch (RefusedUrlException e) {
        throw new PortException(hop == 0 ? e.getMessage() : "redirect refused: " + e.getMessage());
      }
      HttpResponse<InputStream> response = send(current);
      int status = response.statusCode();
      if (status >= 300 && status < 400 && status != 304) {
        closeQuietly(response.body());
        Optional<String> location = response.headers().firstValue("location");
        if (location.isEmpty()) {
          throw new PortException("HTTP " + status + " without a Location from " + DisplayUrls.of(current));
        }
        try {
          current = current.resolve(location.get());
        } catch (IllegalArgumentException e) {
          throw new PortException("redirect from " + DisplayUrls.of(current) + " has an invalid Location");
        }
        continue;
      }
      if (status != 200) {
        closeQuietly(response.body());
        throw new PortException("HTTP " + status + " from " + DisplayUrls.of(current));
      }
      checkDeclaredLength(response.headers(), current);
      // HttpRequest.timeout() stops at the headers; this watchdog bounds the body too, so a server
      // that trickles or stalls cannot hold a run forever.
      AtomicBoolean expired = new AtomicBoolean();
      InputStream body = response.body();
      CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
        expired.set(true);
        closeQuietly(body);
      }, CompletableFuture.delayedExecutor(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS));
      try (body) {
        return store(body, fileNameFor(request, current), DisplayUrls.of(current), bytesSoFar);
      } catch (IOException e) {
        if (expired.get() || e instanceof HttpTimeoutException) {
          throw new PortException("download from " + DisplayUrls.of(current) + " took longer than "
              + settings.requestTimeout());
        }
        throw new PortException("download from " + DisplayUrls.of(current) + " failed: " + describe(e), e);
      } finally {
        watchdog.cancel(false);
      }
    }
    throw new PortException("more than " + settings.maxRedirects() + " redirects from " + DisplayUrls.of(url));
  }

  private HttpResponse<InputStream> send(URI url) throws PortException {
    HttpRequest httpRequest = HttpRequest.newBuilder(url)
        .GET()
        .timeout(settings.requestTimeout())
        .header("User-Agent", USER_AGENT)
        .header("Accept", "application/octet-stream, */*;q=0.1")
        .build();
    try {
      return client.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new PortException("connection to " + DisplayUrls.of(url) + " timed out");
    } catch (IOException e) {
      throw new PortException("cannot download " + DisplayUrls.of(url) + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PortException("interrupted while downloading " + DisplayUrls.of(url));
    }
  }

  private void checkDeclaredLength(HttpHeaders headers, URI url) throws PortException {
    long declared = headers.firstValueAsLong("content-length").orElse(-1);
    if (declared > settings.maxBytes()) {
      throw new PortException("archive at " + DisplayUrls.of(url) + " is " + declared + " bytes, over the limit of "
          + settings.maxBytes());
    }
  }

  private FetchedArtifact fetchFile(PackageRequest request, LongConsumer bytesSoFar) throws PortException {
    if (settings.fileBase().isEmpty()) {
      throw new PortException("file: URLs are disabled; enable them only for local use (--allow-file-urls)");
    }
    URI url = request.url();
    String path = url.getPath() != null ? url.getPath() : url.getSchemeSpecificPart();
    if (path == null || path.isEmpty()) {
      throw new PortException("file: URL has no path");
    }
    try {
      Path base = settings.fileBase().get().toRealPath();
      Path candidate = base.resolve(path).normalize();
      if (!candidate.startsWith(base) || !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        throw new PortException("file " + path + " is not inside " + base);
      }
      Path real = candidate.toRealPath();
      if (!real.startsWith(base) || !Files.isRegularFile(real)) {
        throw new PortException("file " + path + " is not a regular file inside " + base);
      }
      try (InputStream in = Files.newInputStream(real)) {
        return store(in, FileNames.safe(real.getFileName().toString(), "archive"), "file:" + path, bytesSoFar);
      }
    } catch (IOException e) {
      throw new PortException("cannot read " + DisplayUrls.of(url) + ": " + describe(e), e);
    }
  }

  /** Streams {@code in} to a private temporary file: at most maxBytes, hashed, and an archive by its magic. */
  private FetchedArtifact store(InputStream in, String fileName, String from, LongConsumer bytesSoFar)
      throws IOException, PortException {
    Path dir = createPrivateTempDir();
    Path file = dir.resolve("archive.bin");
    MessageDigest digest = Sha256.newDigest();
    long total = 0;
    boolean done = false;
    try {
      byte[] head = in.readNBytes(ArchiveMagic.PREFIX);
      if (head.length > settings.maxBytes()) {
        throw new PortException("archive from " + from + " is over the limit of " + settings.maxBytes() + " bytes");
      }
      Optional<ArchiveMagic.Kind> kind = ArchiveMagic.detect(head);
      if (kind.isEmpty()) {
        throw new PortException("content from " + from + " is not a zip, wheel or tar.gz archive"
            + (looksLikeHtml(head) ? " (it looks like an HTML page)" : ""));
      }
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(head);
        digest.update(head);
        total = head.length;
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
          total += n;
          if (total > settings.maxBytes()) {
            throw new PortException("archive from " + from + " is over the limit of " + settings.maxBytes() + " bytes");
          }
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
          bytesSoFar.accept(total);
        }
      }
      String name = FileNames.hasArchiveExtension(fileName) ? fileName
          : fileName + FileNames.extensionFor(kind.get());
      done = true;
      return new LocalFileArtifact(file, name, Sha256.ofBytes(digest.digest()), total, true);
    } finally {
      if (!done) {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    }
  }

  private static Path createPrivateTempDir() throws IOException {
    try {
      return Files.createTempDirectory("airlock-fetch-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory("airlock-fetch-");
    }
  }

  private static String fileNameFor(PackageRequest request, URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (FileNames.hasArchiveExtension(last)) {
      return FileNames.safe(last, request.normalisedName());
    }
    return request.normalisedName();
  }

  private static boolean looksLikeHtml(byte[] head) {
    String start = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml");
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the response is discarded anyway
    }
  }
}

package dev.airlock.adapter.intake.fetch;

import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.application.port.out.ArtifactFetcher;
import dev.airlock.archive.ArchiveMagic;
import dev.airlock.domain.DisplayUrls;
import dev.airlock.domain.Integrity;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches archives over HTTPS (Apache HttpClient 5) into private temporary files, hashing and
 * counting while it streams. Each hop's URL is checked by the {@link HostPolicy} before any lookup;
 * the host is then resolved once by the {@link CheckedAddressResolver}, which checks every address
 * and hands the client only those, so the socket goes to exactly what was checked while TLS still
 * verifies the host name. Redirects are followed by hand, each hop checked the same way.
 * {@code file:} URLs are served only when {@link FetchSettings#fileBase()} is set, and only from
 * inside that folder.
 */
public final class HttpArtifactFetcher implements ArtifactFetcher {
  private static final String USER_AGENT = "airlock (+https://github.com/airlock)";
  /** Requests worked on at once never exceed 64 (the CLI's bound on --concurrency). */
  private static final int MAX_CONNECTIONS = 64;

  private final FetchSettings settings;
  private final HostPolicy hostPolicy;
  private final CloseableHttpClient client;

  public HttpArtifactFetcher(FetchSettings settings) {
    this(settings, NameLookup.SYSTEM, socksProxy -> new Socket(Proxy.NO_PROXY));
  }

  /** A fetcher whose DNS look-ups and sockets come from {@code lookup} and {@code sockets} (tests count them). */
  HttpArtifactFetcher(FetchSettings settings, NameLookup lookup, DetachedSocketFactory sockets) {
    this.settings = settings;
    this.hostPolicy = new HostPolicy(settings.allowedHosts());
    var tls = RegistryBuilder.<TlsSocketStrategy>create()
        .register("https", DefaultClientTlsStrategy.createSystemDefault())
        .build();
    var operator = new DefaultHttpClientConnectionOperator(sockets, DefaultSchemePortResolver.INSTANCE,
        new CheckedAddressResolver(hostPolicy, lookup), tls);
    var connections = new PoolingHttpClientConnectionManager(operator, PoolConcurrencyPolicy.STRICT,
        PoolReusePolicy.LIFO, TimeValue.ofMinutes(1), null);
    connections.setMaxTotal(MAX_CONNECTIONS);
    connections.setDefaultMaxPerRoute(MAX_CONNECTIONS);
    connections.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout(settings.stallTimeout())).build());
    connections.setDefaultConnectionConfig(ConnectionConfig.custom()
        .setConnectTimeout(timeout(settings.connectTimeout()))
        .setSocketTimeout(timeout(settings.stallTimeout()))
        .build());
    this.client = HttpClients.custom()
        .setConnectionManager(connections)
        .setUserAgent(USER_AGENT)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        // Every download gets a fresh connection, closed after it: a server that sends more than its
        // Content-Length would otherwise leave those bytes in a pooled connection, and the next download
        // from that host would read them as its response. One archive per connection costs a handshake.
        .setConnectionReuseStrategy((request, response, context) -> false)
        .disableContentCompression() // the archive's own bytes are hashed, never a decoded form of them
        .disableCookieManagement()
        .disableAuthCaching()
        .setDefaultRequestConfig(RequestConfig.custom()
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setConnectionRequestTimeout(timeout(settings.requestTimeout()))
            .setResponseTimeout(timeout(settings.stallTimeout()))
            .build())
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
    long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
    URI current = url;
    for (int hop = 0; hop <= settings.maxRedirects(); hop++) {
      try {
        hostPolicy.check(current);
      } catch (RefusedUrlException e) {
        throw new PortException(hop == 0 ? e.getMessage() : "redirect refused: " + e.getMessage());
      }
      URI from = current;
      Hop result = download(from, hop, deadline, "application/octet-stream, */*;q=0.1", false,
          in -> new Hop.Stored(store(in, fileNameFor(request, from), DisplayUrls.of(from), bytesSoFar,
              request.integrity())));
      if (result instanceof Hop.Stored stored) {
        return stored.artifact();
      }
      current = ((Hop.Redirect) result).target();
    }
    throw new PortException("more than " + settings.maxRedirects() + " redirects from " + DisplayUrls.of(url));
  }

  /**
   * Fetches a small registry document (a JSON API answer, PEP 658 metadata) through the same checks as
   * an archive: allow-listed host, every address checked at connect time and on each redirect, the
   * same time limits, at most {@code maxBytes}. Empty when the server answers 404.
   *
   * @throws PortException as {@link #fetch(PackageRequest)}, or when the document is over {@code maxBytes}
   */
  public Optional<byte[]> document(URI url, String accept, long maxBytes) throws PortException {
    long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
    URI current = url;
    for (int hop = 0; hop <= settings.maxRedirects(); hop++) {
      try {
        hostPolicy.check(current);
      } catch (RefusedUrlException e) {
        throw new PortException(hop == 0 ? e.getMessage() : "redirect refused: " + e.getMessage());
      }
      URI from = current;
      Hop result = download(from, hop, deadline, accept, true, in -> {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
          throw new PortException("document at " + DisplayUrls.of(from) + " is over the limit of " + maxBytes
              + " bytes");
        }
        return new Hop.Document(body);
      });
      switch (result) {
        case Hop.Document document -> {
          return Optional.of(document.body());
        }
        case Hop.Missing missing -> {
          return Optional.empty();
        }
        case Hop.Redirect redirect -> current = redirect.target();
        case Hop.Stored stored -> throw new IllegalStateException("a document is never stored");
      }
    }
    throw new PortException("more than " + settings.maxRedirects() + " redirects from " + DisplayUrls.of(url));
  }

  /** Reads a 200 response's body into a hop's result. */
  @FunctionalInterface
  private interface BodyReader {
    Hop read(InputStream in) throws IOException, PortException;
  }

  /** What one hop ended in: a redirect to follow, or the stored archive. */
  private sealed interface Hop {
    record Redirect(URI target) implements Hop {}

    record Stored(FetchedArtifact artifact) implements Hop {}

    record Document(byte[] body) implements Hop {}

    record Missing() implements Hop {}
  }

  /**
   * One hop: sends the request, and either returns the redirect's target or stores the body. The
   * watchdog cancels the request when the whole download's time is up, whatever stage it is in.
   */
  private Hop download(URI url, int hop, long deadline, String accept, boolean missingAllowed, BodyReader reader)
      throws PortException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw tookTooLong(url);
    }
    HttpGet get = new HttpGet(url);
    get.setHeader("Accept", accept);
    AtomicBoolean expired = new AtomicBoolean();
    CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
      expired.set(true);
      get.cancel();
    }, CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS));
    ClassicHttpResponse response = null;
    boolean readToTheEnd = false;
    try {
      response = client.executeOpen(null, get, null);
      int status = response.getCode();
      if (status >= 300 && status < 400 && status != 304) {
        Header location = response.getFirstHeader("Location");
        if (location == null) {
          throw new PortException("HTTP " + status + " without a Location from " + DisplayUrls.of(url));
        }
        try {
          return new Hop.Redirect(url.resolve(location.getValue()));
        } catch (IllegalArgumentException e) {
          throw new PortException("redirect from " + DisplayUrls.of(url) + " has an invalid Location");
        }
      }
      HttpEntity entity = response.getEntity();
      if (status == 404 && missingAllowed) {
        return new Hop.Missing();
      }
      if (status != 200 || entity == null) {
        throw new PortException("HTTP " + status + " from " + DisplayUrls.of(url));
      }
      checkDeclaredLength(entity.getContentLength(), url);
      Hop stored = reader.read(entity.getContent());
      readToTheEnd = true;
      return stored;
    } catch (RefusedAddressException e) {
      throw new PortException(hop == 0 ? e.getMessage() : "redirect refused: " + e.getMessage());
    } catch (IOException e) {
      if (expired.get()) {
        throw tookTooLong(url);
      }
      RefusedAddressException refused = refusal(e);
      if (refused != null) {
        throw new PortException(hop == 0 ? refused.getMessage() : "redirect refused: " + refused.getMessage());
      }
      if (e instanceof ConnectTimeoutException) {
        throw new PortException("connection to " + DisplayUrls.of(url) + " timed out after "
            + settings.connectTimeout());
      }
      if (e instanceof SocketTimeoutException) {
        throw new PortException("download from " + DisplayUrls.of(url) + " stalled: nothing received for "
            + settings.stallTimeout());
      }
      throw new PortException("cannot download " + DisplayUrls.of(url) + ": " + describe(e), e);
    } finally {
      watchdog.cancel(false);
      if (!readToTheEnd) {
        // Closing a response drains its body to reuse the connection; a refused, redirected or
        // oversized body is cut off instead, however much of it the server would still send.
        get.cancel();
      }
      closeQuietly(response);
    }
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    if (response == null) {
      return;
    }
    try {
      response.close();
    } catch (IOException e) {
      // the connection was cut off on purpose, or the archive is already stored in full
    }
  }

  private PortException tookTooLong(URI url) {
    return new PortException("download from " + DisplayUrls.of(url) + " took longer than "
        + settings.requestTimeout());
  }

  private void checkDeclaredLength(long declared, URI url) throws PortException {
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
      if (!candidate.startsWith(base)) {
        throw new PortException("file " + path + " is not inside " + base);
      }
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        // Said only inside the base: outside it, whether a file exists is nobody's business.
        throw new PortException("file " + path + " does not exist in " + base);
      }
      Path real = candidate.toRealPath();
      if (!real.startsWith(base) || !Files.isRegularFile(real)) {
        throw new PortException("file " + path + " is not a regular file inside " + base);
      }
      try (InputStream in = Files.newInputStream(real)) {
        return store(in, FileNames.safe(real.getFileName().toString(), "archive"), "file:" + path, bytesSoFar,
            request.integrity());
      }
    } catch (IOException e) {
      throw new PortException("cannot read " + DisplayUrls.of(url) + ": " + describe(e), e);
    }
  }

  /**
   * The one streaming loop: copies {@code in} to a private temporary file, at most maxBytes (whatever
   * was declared), hashing as it goes, and checks that the first bytes announce an archive and, when
   * the registry published one, that the bytes have its {@code integrity}.
   */
  private FetchedArtifact store(InputStream in, String fileName, String from, LongConsumer bytesSoFar,
      Optional<Integrity> integrity) throws IOException, PortException {
    Path dir = createPrivateTempDir();
    Path file = dir.resolve("archive.bin");
    MessageDigest digest = Sha256.newDigest();
    Optional<MessageDigest> pinned = integrity.map(Integrity::newDigest);
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
        pinned.ifPresent(d -> d.update(head));
        total = head.length;
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
          total += n;
          if (total > settings.maxBytes()) {
            throw new PortException("archive from " + from + " is over the limit of " + settings.maxBytes() + " bytes");
          }
          digest.update(buffer, 0, n);
          int read = n;
          pinned.ifPresent(d -> d.update(buffer, 0, read));
          out.write(buffer, 0, n);
          bytesSoFar.accept(total);
        }
      }
      if (pinned.isPresent()) {
        byte[] actual = pinned.get().digest();
        if (!integrity.get().matches(actual)) {
          throw new PortException("content from " + from + " does not match the registry's integrity "
              + integrity.get() + " (it has " + Integrity.ofDigest(integrity.get().algorithm(), actual) + ")");
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

  /** The refusal behind an I/O error, if the client wrapped the resolver's. */
  private static RefusedAddressException refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RefusedAddressException refused) {
        return refused;
      }
    }
    return null;
  }

  private static Timeout timeout(Duration duration) {
    return Timeout.ofMilliseconds(Math.max(1, duration.toMillis()));
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

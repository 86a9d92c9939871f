package dev.airlock.adapter.intake.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the fetcher may reach and how much it reads.
 *
 * @param allowedHosts {@code host} or {@code host:port} entries; only these hosts are contacted
 * @param maxBytes largest archive accepted; reading stops past it whatever Content-Length says
 * @param connectTimeout time allowed to connect
 * @param requestTimeout time allowed for one whole download (every hop, headers and body)
 * @param maxRedirects redirects followed, each one checked like the first URL
 * @param fileBase when present, {@code file:} URLs are allowed, but only inside this folder
 * @param stallTimeout longest wait for the next bytes (the response headers, or more of the body)
 *     before the download counts as stalled
 */
public record FetchSettings(
    Set<String> allowedHosts,
    long maxBytes,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRedirects,
    Optional<Path> fileBase,
    Duration stallTimeout) {

  /** The hosts allowed when none are configured (see DESIGN.md, Security). */
  public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of(
      "github.com", "codeload.github.com", "files.pythonhosted.org", "pypi.org", "registry.npmjs.org");
  /** 512 MiB. */
  public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
  /** 10 seconds to connect. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** 10 minutes for one whole download. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);
  /** 30 seconds without a byte: stalled. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
  /** 5 redirects (GitHub archive links take one, to codeload.github.com). */
  public static final int DEFAULT_MAX_REDIRECTS = 5;

  public FetchSettings {
    allowedHosts = Set.copyOf(allowedHosts);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(fileBase, "fileBase");
    Objects.requireNonNull(stallTimeout, "stallTimeout");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("maxRedirects must not be negative");
    }
    if (!isPositive(connectTimeout) || !isPositive(requestTimeout) || !isPositive(stallTimeout)) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** Settings whose stall timeout is the default, or the whole download's time when that is shorter. */
  public FetchSettings(Set<String> allowedHosts, long maxBytes, Duration connectTimeout, Duration requestTimeout,
      int maxRedirects, Optional<Path> fileBase) {
    this(allowedHosts, maxBytes, connectTimeout, requestTimeout, maxRedirects, fileBase,
        requestTimeout.compareTo(DEFAULT_STALL_TIMEOUT) < 0 ? requestTimeout : DEFAULT_STALL_TIMEOUT);
  }

  /** The defaults: the default hosts, 512 MiB, 10 s to connect, 30 s stalled, 10 min per download, 5 redirects. */
  public static FetchSettings defaults() {
    return new FetchSettings(Set.copyOf(DEFAULT_ALLOWED_HOSTS), DEFAULT_MAX_BYTES, DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_REDIRECTS, Optional.empty(), DEFAULT_STALL_TIMEOUT);
  }

  public FetchSettings withAllowedHosts(Set<String> hosts) {
    return new FetchSettings(hosts, maxBytes, connectTimeout, requestTimeout, maxRedirects, fileBase, stallTimeout);
  }

  public FetchSettings withMaxBytes(long bytes) {
    return new FetchSettings(allowedHosts, bytes, connectTimeout, requestTimeout, maxRedirects, fileBase, stallTimeout);
  }

  public FetchSettings withFileBase(Path base) {
    return new FetchSettings(allowedHosts, maxBytes, connectTimeout, requestTimeout, maxRedirects,
        Optional.of(base), stallTimeout);
  }

  /** The same settings with other time limits. */
  public FetchSettings withTimeouts(Duration connect, Duration stall, Duration request) {
    return new FetchSettings(allowedHosts, maxBytes, connect, request, maxRedirects, fileBase, stall);
  }

  public FetchSettings withMaxRedirects(int redirects) {
    return new FetchSettings(allowedHosts, maxBytes, connectTimeout, requestTimeout, redirects, fileBase, stallTimeout);
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}

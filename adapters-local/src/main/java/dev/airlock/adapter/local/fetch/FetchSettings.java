package dev.airlock.adapter.local.fetch;

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
 * @param requestTimeout time allowed for one whole download (headers and body)
 * @param maxRedirects redirects followed, each one checked like the first URL
 * @param fileBase when present, {@code file:} URLs are allowed, but only inside this folder
 */
public record FetchSettings(
    Set<String> allowedHosts,
    long maxBytes,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRedirects,
    Optional<Path> fileBase) {

  /** The hosts allowed when none are configured (see DESIGN.md, Security). */
  public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of(
      "github.com", "codeload.github.com", "files.pythonhosted.org", "pypi.org", "registry.npmjs.org");
  /** 512 MiB. */
  public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

  public FetchSettings {
    allowedHosts = Set.copyOf(allowedHosts);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(fileBase, "fileBase");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("maxRedirects must not be negative");
    }
  }

  /** The defaults: the default hosts, 512 MiB, 10 s to connect, 10 min per download, 5 redirects. */
  public static FetchSettings defaults() {
    return new FetchSettings(Set.copyOf(DEFAULT_ALLOWED_HOSTS), DEFAULT_MAX_BYTES, Duration.ofSeconds(10),
        Duration.ofMinutes(10), 5, Optional.empty());
  }

  public FetchSettings withAllowedHosts(Set<String> hosts) {
    return new FetchSettings(hosts, maxBytes, connectTimeout, requestTimeout, maxRedirects, fileBase);
  }

  public FetchSettings withMaxBytes(long bytes) {
    return new FetchSettings(allowedHosts, bytes, connectTimeout, requestTimeout, maxRedirects, fileBase);
  }

  public FetchSettings withFileBase(Path base) {
    return new FetchSettings(allowedHosts, maxBytes, connectTimeout, requestTimeout, maxRedirects,
        Optional.of(base));
  }
}

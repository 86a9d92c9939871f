package dev.airlock.adapter.intake.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What the fetcher may reach and how much it reads; every attribute has a default (the default hosts,
 * 512 MiB, 10 s to connect, 10 min per download, 30 s stalled, 5 redirects, no {@code file:} URLs).
 */
@Value.Immutable
public abstract class FetchSettings {

  /** The hosts allowed when none are configured (see docs/security.md, How SSRF is prevented). */
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

  /** {@code host} or {@code host:port} entries; only these hosts are contacted. */
  @Value.Default
  public Set<String> allowedHosts() {
    return Set.copyOf(DEFAULT_ALLOWED_HOSTS);
  }

  /** Largest archive accepted; reading stops past it whatever Content-Length says. */
  @Value.Default
  public long maxBytes() {
    return DEFAULT_MAX_BYTES;
  }

  /** Time allowed to connect. */
  @Value.Default
  public Duration connectTimeout() {
    return DEFAULT_CONNECT_TIMEOUT;
  }

  /** Time allowed for one whole download (every hop, headers and body). */
  @Value.Default
  public Duration requestTimeout() {
    return DEFAULT_REQUEST_TIMEOUT;
  }

  /** Redirects followed, each one checked like the first URL. */
  @Value.Default
  public int maxRedirects() {
    return DEFAULT_MAX_REDIRECTS;
  }

  /** When present, {@code file:} URLs are allowed, but only inside this folder. */
  public abstract Optional<Path> fileBase();

  /**
   * Longest wait for the next bytes (the response headers, or more of the body) before the download
   * counts as stalled; by default 30 s, or the whole download's time when that is shorter.
   */
  @Value.Default
  public Duration stallTimeout() {
    return requestTimeout().compareTo(DEFAULT_STALL_TIMEOUT) < 0 ? requestTimeout() : DEFAULT_STALL_TIMEOUT;
  }

  @Value.Check
  protected void check() {
    if (maxBytes() < 1) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    if (maxRedirects() < 0) {
      throw new IllegalArgumentException("maxRedirects must not be negative");
    }
    if (!isPositive(connectTimeout()) || !isPositive(requestTimeout()) || !isPositive(stallTimeout())) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** The defaults. */
  public static FetchSettings defaults() {
    return builder().build();
  }

  public FetchSettings withAllowedHosts(Set<String> hosts) {
    return builder().from(this).allowedHosts(hosts).build();
  }

  public FetchSettings withMaxBytes(long bytes) {
    return builder().from(this).maxBytes(bytes).build();
  }

  public FetchSettings withFileBase(Path base) {
    return builder().from(this).fileBase(base).build();
  }

  /** The same settings with other time limits. */
  public FetchSettings withTimeouts(Duration connect, Duration stall, Duration request) {
    return builder().from(this).connectTimeout(connect).stallTimeout(stall).requestTimeout(request).build();
  }

  public FetchSettings withMaxRedirects(int redirects) {
    return builder().from(this).maxRedirects(redirects).build();
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FetchSettings}. */
  public static final class Builder extends ImmutableFetchSettings.Builder {}
}

package dev.airlock.adapter.osv;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where the OSV API is and how long the scanner waits for it.
 *
 * @param baseUrl the API's base URL ({@code https://api.osv.dev}); {@code /v1/...} is appended
 * @param connectTimeout time allowed to connect
 * @param responseTimeout longest wait for the next bytes of an answer
 * @param maxAttempts attempts per call, the first included, when OSV answers 429 or 5xx
 * @param retryWait wait before the second attempt, doubled before each further one, unless OSV's
 *     {@code Retry-After} asks for another
 * @param maxRetryWait the longest wait between attempts, whatever {@code Retry-After} asks for
 */
public record OsvSettings(
    URI baseUrl,
    Duration connectTimeout,
    Duration responseTimeout,
    int maxAttempts,
    Duration retryWait,
    Duration maxRetryWait) {

  /** The public OSV API. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.osv.dev");

  public OsvSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = Objects.requireNonNullElse(baseUrl.getScheme(), "").toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("OSV API URL " + baseUrl + " must be https");
    }
    if (baseUrl.getHost() == null || baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null
        || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("OSV API URL must be scheme://host[:port][/path], with no user, query or fragment");
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("OSV maxAttempts must be between 1 and 10, was " + maxAttempts);
    }
    for (Duration d : new Duration[] {connectTimeout, responseTimeout, retryWait, maxRetryWait}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("OSV timeouts and waits must be positive");
      }
    }
  }

  /** The API at {@code baseUrl}: 10 s to connect, 30 s per answer, 4 attempts, 1 s doubling to at most 30 s between. */
  public static OsvSettings defaults(URI baseUrl) {
    return new OsvSettings(baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(30), 4, Duration.ofSeconds(1),
        Duration.ofSeconds(30));
  }

  /** The same settings with other waits between attempts (tests use milliseconds). */
  public OsvSettings withRetries(int attempts, Duration wait, Duration maxWait) {
    return new OsvSettings(baseUrl, connectTimeout, responseTimeout, attempts, wait, maxWait);
  }

  /** The same settings with another answer timeout. */
  public OsvSettings withResponseTimeout(Duration timeout) {
    return new OsvSettings(baseUrl, connectTimeout, timeout, maxAttempts, retryWait, maxRetryWait);
  }

  /**
   * Checks the base URL against the hosts Airlock may contact, as every outgoing address is: its
   * host must be OSV's own ({@code api.osv.dev}) or listed ({@code host} or {@code host:port}), and
   * plain {@code http} is accepted only for a loopback host listed with its port (a test server).
   *
   * @throws IllegalArgumentException saying which rule the URL breaks
   */
  public void checkAllowed(Set<String> allowedHosts) {
    String host = baseUrl.getHost().toLowerCase(Locale.ROOT);
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    boolean http = baseUrl.getScheme().equalsIgnoreCase("http");
    int port = baseUrl.getPort() != -1 ? baseUrl.getPort() : http ? 80 : 443;
    Set<String> allowed = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toSet());
    boolean hostPortListed = allowed.contains(host + ":" + port) || allowed.contains(bare + ":" + port)
        || allowed.contains("[" + bare + "]:" + port);
    boolean listed = hostPortListed || allowed.contains(host) || allowed.contains(bare);
    if (!listed && !host.equals(DEFAULT_BASE_URL.getHost())) {
      throw new IllegalArgumentException("OSV API host " + host + " is not in the allow-list (--allow-host); "
          + "only " + DEFAULT_BASE_URL.getHost() + " is allowed without listing");
    }
    boolean loopback = bare.equals("localhost") || bare.equals("::1") || bare.matches("127(\\.\\d{1,3}){3}");
    if (http && !(loopback && hostPortListed)) {
      throw new IllegalArgumentException("OSV API URL " + baseUrl + " uses plain http; use https "
          + "(http is accepted only for a loopback host:port named in the allow-list)");
    }
  }
}

package dev.airlock.adapter.intake.fetch;

import dev.airlock.domain.DisplayUrls;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a URL may be contacted: the host must be allow-listed, and HTTPS is required except
 * for an explicitly listed loopback {@code host:port}. The addresses are checked when the host is
 * resolved, just before connecting, by {@link CheckedAddressResolver}: every address must be public
 * (not loopback, private, link-local, CGNAT, unique-local, multicast or unspecified) unless the host
 * is such an explicitly listed loopback name.
 */
final class HostPolicy {
  private final Set<String> allowed;

  HostPolicy(Set<String> allowedHosts) {
    this.allowed = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).collect(
        java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Throws {@link RefusedUrlException} when {@code url} may not be contacted; looks nothing up. */
  void check(URI url) throws RefusedUrlException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    String host = hostOf(url).toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new RefusedUrlException("URL has no host: " + DisplayUrls.of(url));
    }
    if (url.getRawUserInfo() != null || (url.getHost() == null && url.getRawAuthority() != null
        && url.getRawAuthority().contains("@"))) {
      throw new RefusedUrlException("URL carries credentials; refused: " + DisplayUrls.of(url));
    }
    int port = url.getPort() != -1 ? url.getPort() : scheme.equals("http") ? 80 : 443;
    String bareHost = IpLiterals.bare(host);
    boolean hostPortListed = allowed.contains(host + ":" + port) || allowed.contains(bareHost + ":" + port);
    boolean hostListed = hostPortListed || allowed.contains(host) || allowed.contains(bareHost);
    if (!hostListed) {
      throw new RefusedUrlException("host " + host + " is not in the allow-list");
    }
    try {
      IpLiterals.parse(bareHost); // an address in an odd spelling is refused before anything reads it
    } catch (RefusedAddressException e) {
      throw new RefusedUrlException(e.getMessage());
    }
    if (scheme.equals("http")) {
      if (!trustsAsNamed(bareHost, port)) {
        throw new RefusedUrlException("plain http is refused for " + host + "; use https");
      }
    } else if (!scheme.equals("https")) {
      throw new RefusedUrlException("scheme " + scheme + " is refused; use https");
    }
  }

  /**
   * Whether {@code host} is a loopback name listed with this very port: a test server, trusted as
   * named (its addresses need only be loopback).
   */
  boolean trustsAsNamed(String host, int port) {
    String bareHost = IpLiterals.bare(host).toLowerCase(Locale.ROOT);
    return isLoopbackName(bareHost)
        && (allowed.contains(bareHost + ":" + port) || allowed.contains("[" + bareHost + "]:" + port));
  }

  /** The host, also when {@link URI} reads the authority as registry-based ({@code 127.1}, {@code 0251.0376.0251.0376}). */
  private static String hostOf(URI url) {
    if (url.getHost() != null) {
      return url.getHost();
    }
    String authority = url.getRawAuthority();
    if (authority == null) {
      return "";
    }
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    int colon = hostPort.lastIndexOf(':');
    return colon > hostPort.lastIndexOf(']') ? hostPort.substring(0, colon) : hostPort;
  }

  private static boolean isLoopbackName(String host) {
    return host.equals("localhost") || host.equals("::1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return !(first == 0 // this network
          || (first == 100 && second >= 64 && second <= 127) // CGNAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || first >= 240); // reserved and broadcast
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return false; // unique-local fc00::/7
      }
      boolean mappedOrCompatible = true;
      for (int i = 0; i < 10; i++) {
        mappedOrCompatible &= b[i] == 0;
      }
      if (mappedOrCompatible && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }
}

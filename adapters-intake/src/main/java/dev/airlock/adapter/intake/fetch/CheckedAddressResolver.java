package dev.airlock.adapter.intake.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only resolver: looks a host up once, checks every address it gets, and hands
 * the client exactly those addresses, so the connection goes to what was checked (no second lookup
 * that a DNS-rebinding server could answer differently). An address that is not public refuses the
 * whole host, unless the host is a loopback name listed with its port ({@link HostPolicy}).
 */
final class CheckedAddressResolver implements DnsResolver {
  private final HostPolicy policy;
  private final NameLookup lookup;

  CheckedAddressResolver(HostPolicy policy, NameLookup lookup) {
    this.policy = policy;
    this.lookup = lookup;
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (InetAddress address : checkedAddresses(host, port)) {
      endpoints.add(new InetSocketAddress(address, port));
    }
    return List.copyOf(endpoints);
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    return checkedAddresses(host, -1);
  }

  /** Never a reverse lookup: the name stays the one in the URL. */
  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  /** The addresses of {@code host}, each checked; {@code port} is -1 when unknown (never trusted as named). */
  InetAddress[] checkedAddresses(String host, int port) throws RefusedAddressException {
    String name = IpLiterals.bare(host).toLowerCase(Locale.ROOT);
    Optional<InetAddress> literal = IpLiterals.parse(name);
    InetAddress[] addresses;
    if (literal.isPresent()) {
      addresses = new InetAddress[] {literal.get()};
    } else {
      try {
        addresses = lookup.lookup(name);
      } catch (UnknownHostException e) {
        throw new RefusedAddressException("host " + name + " does not resolve");
      }
      if (addresses == null || addresses.length == 0) {
        throw new RefusedAddressException("host " + name + " does not resolve");
      }
    }
    boolean trustedAsNamed = port > 0 && policy.trustsAsNamed(name, port);
    for (InetAddress address : addresses) {
      if (trustedAsNamed ? !address.isLoopbackAddress() : !HostPolicy.isPublic(address)) {
        throw new RefusedAddressException("host " + name + " resolves to a "
            + (trustedAsNamed ? "non-loopback" : "non-public") + " address (" + address.getHostAddress()
            + "); refused");
      }
    }
    return addresses.clone();
  }
}

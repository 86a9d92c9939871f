package dev.airlock.adapter.intake.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises host names that are IP addresses, in every spelling a C resolver accepts
 * ({@code inet_aton}: decimal {@code 2852039166}, octal {@code 0251.0376.0251.0376}, hex
 * {@code 0xA9FEA9FE}, short {@code 127.1}, mixed). Only the canonical dotted quad and IPv6 literals
 * are accepted as addresses; every other numeric spelling is refused, so no resolver downstream
 * gets to read it its own way.
 */
final class IpLiterals {
  private static final String PART = "(?:0x[0-9a-f]*|[0-9]+)";
  private static final Pattern NUMERIC = Pattern.compile(PART + "(?:\\." + PART + "){0,3}\\.?");
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+(?:%[0-9a-z._-]+)?");

  private IpLiterals() {}

  /**
   * The address {@code host} spells, or empty when it is a name to look up.
   *
   * @throws RefusedAddressException when it is an address in a non-standard spelling, or not a valid one
   */
  static Optional<InetAddress> parse(String host) throws RefusedAddressException {
    String h = bare(host).toLowerCase(Locale.ROOT);
    if (h.contains(":")) {
      if (!IPV6.matcher(h).matches()) {
        throw new RefusedAddressException("host " + host + " is not a valid IPv6 address; refused");
      }
      try {
        return Optional.of(InetAddress.getByName(h)); // a literal: parsed, never looked up
      } catch (UnknownHostException e) {
        throw new RefusedAddressException("host " + host + " is not a valid IPv6 address; refused");
      }
    }
    if (!NUMERIC.matcher(h).matches()) {
      return Optional.empty();
    }
    Optional<byte[]> decoded = inetAton(h);
    if (DOTTED_QUAD.matcher(h).matches() && decoded.isPresent()) {
      try {
        return Optional.of(InetAddress.getByAddress(decoded.get()));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("four bytes are always an address", e);
      }
    }
    throw new RefusedAddressException("host " + host + " is an IP address in a non-standard spelling"
        + decoded.map(b -> " (" + dotted(b) + ")").orElse("") + "; refused");
  }

  /** {@code [::1]} gives {@code ::1}. */
  static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** What {@code inet_aton} makes of {@code text}: 1 to 4 parts, each decimal, 0-octal or 0x-hex. */
  private static Optional<byte[]> inetAton(String text) {
    String[] parts = (text.endsWith(".") ? text.substring(0, text.length() - 1) : text).split("\\.", -1);
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      try {
        if (p.startsWith("0x")) {
          values[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          values[i] = Long.parseLong(p.substring(1), 8);
        } else {
          values[i] = Long.parseLong(p);
        }
      } catch (NumberFormatException e) {
        return Optional.empty(); // "09" is not octal; a part too long for a long
      }
    }
    long address = 0;
    int n = values.length;
    for (int i = 0; i < n - 1; i++) {
      if (values[i] > 0xff) {
        return Optional.empty();
      }
      address = (address << 8) | values[i];
    }
    int lastBits = 8 * (5 - n);
    if (values[n - 1] >= (1L << lastBits)) {
      return Optional.empty();
    }
    address = (address << lastBits) | values[n - 1];
    return Optional.of(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
        (byte) address});
  }

  private static String dotted(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }
}

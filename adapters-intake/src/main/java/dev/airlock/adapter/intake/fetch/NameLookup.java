package dev.airlock.adapter.intake.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks a host name up in DNS; the system resolver in production, a stand-in in tests. */
@FunctionalInterface
interface NameLookup {
  /** The system resolver. */
  NameLookup SYSTEM = InetAddress::getAllByName;

  InetAddress[] lookup(String host) throws UnknownHostException;
}

package dev.airlock.adapter.intake.fetch;

import java.net.UnknownHostException;

/**
 * A host whose addresses may not be contacted, found while resolving it just before connecting.
 * It is an {@link UnknownHostException} because that is what the HTTP client lets a resolver throw.
 */
final class RefusedAddressException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  RefusedAddressException(String message) {
    super(message);
  }
}

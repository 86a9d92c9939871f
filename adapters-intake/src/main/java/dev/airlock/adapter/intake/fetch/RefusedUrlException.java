package dev.airlock.adapter.intake.fetch;

/** A URL the fetcher will not contact. */
final class RefusedUrlException extends Exception {
  private static final long serialVersionUID = 1L;

  RefusedUrlException(String message) {
    super(message);
  }
}

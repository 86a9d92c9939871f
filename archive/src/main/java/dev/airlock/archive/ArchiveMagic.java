package dev.airlock.archive;

import java.util.Optional;

/**
 * Recognises the archive formats Airlock accepts by their first bytes, never by name or
 * Content-Type. The fetcher and the archive reader both ask it, so they accept the same things.
 */
public final class ArchiveMagic {
  /** Bytes needed to recognise every kind (the tar magic sits at offset 257). */
  public static final int PREFIX = 265;

  /** The archive kinds Airlock reads. */
  public enum Kind { ZIP, GZIP, TAR }

  private ArchiveMagic() {}

  /** The kind the first bytes ({@link #PREFIX} of them, or all there are) announce, if any. */
  public static Optional<Kind> detect(byte[] head) {
    int length = head.length;
    if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return Optional.of(Kind.ZIP);
    }
    if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 5 && head[3] == 6) {
      return Optional.of(Kind.ZIP); // an empty zip: only the end-of-central-directory record
    }
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Optional.of(Kind.GZIP);
    }
    if (length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
        && head[261] == 'r') {
      return Optional.of(Kind.TAR);
    }
    return Optional.empty();
  }
}

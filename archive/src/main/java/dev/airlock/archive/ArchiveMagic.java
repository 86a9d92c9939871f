package dev.airlock.archive;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Recognises the archive formats Airlock accepts by their first bytes, never by name or
 * Content-Type. The fetcher and the archive reader both ask it, so they accept the same things.
 */
public final class ArchiveMagic {
  /** Bytes needed to recognise every kind: a whole tar header block (magic at offset 257, checksum at 148). */
  public static final int PREFIX = 512;

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
    if (length >= PREFIX && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
        && head[261] == 'r' && checksumHolds(Arrays.copyOf(head, PREFIX))) {
      return Optional.of(Kind.TAR);
    }
    return Optional.empty();
  }

  /**
   * Whether a tar header block's checksum matches its bytes: "ustar" at offset 257 alone also turns
   * up in source files that write tar headers themselves (tar-stream's headers.js), which are not tars.
   */
  static boolean checksumHolds(byte[] header) {
    try {
      return TarUtils.verifyCheckSum(header);
    } catch (IllegalArgumentException notOctal) {
      return false;
    }
  }
}

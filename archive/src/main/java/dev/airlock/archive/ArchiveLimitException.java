package dev.airlock.archive;

import java.io.IOException;

/** Reading an archive went past one of its {@link ArchiveLimits}: treated as a bomb, not as damage. */
public final class ArchiveLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  public ArchiveLimitException(String message) {
    super(message);
  }

  public ArchiveLimitException(String message, Throwable cause) {
    super(message, cause);
  }
}

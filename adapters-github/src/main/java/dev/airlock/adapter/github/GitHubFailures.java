package dev.airlock.adapter.github;

import dev.airlock.application.port.PortException;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.kohsuke.github.HttpException;

/**
 * Turns a failed GitHub call of the publishing adapters (notifier, release repository) into a
 * {@link PortException} people can act on: what was being done, on which repository, and for
 * 401/403/404 which fine-grained token permission is missing. GitHub's answer is not quoted, so a
 * message never carries a token or a signed URL.
 */
// TODO(integrator): fold into the request source's GitHubErrors once both branches are merged.
public final class GitHubFailures {
  private GitHubFailures() {}

  /**
   * The failure of {@code doing} on {@code repository}.
   *
   * @param doing what was attempted ("set the commit status on 1a2b3c4")
   * @param permission the fine-grained permission the call needs ("commit statuses: write")
   */
  public static PortException describe(IOException e, String repository, String doing, String permission) {
    return describe(status(e), repository, doing, permission, e);
  }

  /** The same for a call answered with HTTP {@code status} (-1: no answer). */
  public static PortException describe(int status, String repository, String doing, String permission,
      Throwable cause) {
    String prefix = "cannot " + doing + " on " + repository + ": ";
    String message = switch (status) {
      case 401 -> "GitHub rejected the token (HTTP 401); it is wrong, expired or revoked";
      case 403 -> "GitHub refused (HTTP 403); the token needs " + permission + " on " + repository
          + " (or a rate limit was hit)";
      case 404 -> "GitHub found nothing (HTTP 404); the repository or commit does not exist, or the token needs "
          + permission + " on " + repository + " (GitHub answers 404 for what a token cannot see)";
      case 422 -> "GitHub refused the request as invalid (HTTP 422)";
      case -1 -> "no answer from GitHub (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")";
      default -> status >= 500 ? "GitHub failed (HTTP " + status + "); try again later"
          : "GitHub answered HTTP " + status;
    };
    return new PortException(prefix + message, cause);
  }

  /** The HTTP status of a failed call, or -1 when there was no answer. */
  public static int status(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException http && http.getResponseCode() > 0) {
        return http.getResponseCode();
      }
      if (t instanceof FileNotFoundException) {
        return 404;
      }
    }
    return -1;
  }
}

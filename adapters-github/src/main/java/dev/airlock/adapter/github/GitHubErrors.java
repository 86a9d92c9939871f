package dev.airlock.adapter.github;

import dev.airlock.application.port.PortException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.kohsuke.github.HttpException;

/**
 * Turns a failed GitHub call into a {@link PortException} for people: which repository, what was
 * being done, and for 401/403/404 which fine-grained token permission is missing. GitHub's own
 * answer is not quoted (a message never carries the token; hub4j's can carry a URL).
 */
public final class GitHubErrors {
  private GitHubErrors() {}

  /**
   * The failure of {@code doing} on {@code repository}.
   *
   * @param doing what was attempted, for the message ("read examples/requests.csv at 1a2b3c4")
   * @param permission the fine-grained token permission the call needs ("contents: read")
   */
  public static PortException describe(IOException e, RepositoryName repository, String doing, String permission) {
    return describe(e, repository.toString(), doing, permission);
  }

  /** The same, for a repository named as {@code owner/name}. */
  public static PortException describe(IOException e, String repository, String doing, String permission) {
    GitHubLimitException limit = find(e, GitHubLimitException.class);
    if (limit != null) {
      return new PortException("cannot " + doing + " on " + repository + ": " + limit.getMessage());
    }
    if (find(e, InterruptedIOException.class) != null) {
      return new PortException("cannot " + doing + " on " + repository + ": interrupted");
    }
    if (status(e) == -1 && e.getMessage() != null && e.getMessage().startsWith("Ran out of retries")) {
      return new PortException("cannot " + doing + " on " + repository + ": GitHub kept answering with rate limits");
    }
    return describe(status(e), repository, doing, permission, e);
  }

  /** The same, for a call answered with HTTP {@code status} (-1: no answer). */
  public static PortException describe(int status, String repository, String doing, String permission,
      Throwable cause) {
    String need = "the token needs '" + permission + "' on " + repository;
    String message = switch (status) {
      case 401 -> "GitHub rejected the token (HTTP 401); it is wrong, expired or revoked";
      case 403 -> "GitHub refused (HTTP 403); " + need + " (or a rate limit was hit)";
      case 404 -> "GitHub found nothing (HTTP 404); the repository, commit or path does not exist, or " + need
          + " (GitHub answers 404 for what a token cannot see)";
      case 422 -> "GitHub refused the request as invalid (HTTP 422)";
      case -1 -> "no answer from GitHub (" + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")";
      default -> status >= 500 ? "GitHub failed (HTTP " + status + "); try again later"
          : "GitHub answered HTTP " + status;
    };
    // No cause attached: hub4j's exceptions can quote GitHub's answer, which is never passed on.
    return new PortException("cannot " + doing + " on " + repository + ": " + message);
  }

  /** The HTTP status of a failed call, or -1 when there was no answer. */
  public static int status(IOException e) {
    if (e instanceof FileNotFoundException) {
      return 404;
    }
    HttpException http = find(e, HttpException.class);
    if (http != null && http.getResponseCode() > 0) {
      return http.getResponseCode();
    }
    return find(e, FileNotFoundException.class) != null ? 404 : -1;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

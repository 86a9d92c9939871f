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
    String where = " on " + repository;
    GitHubLimitException limit = find(e, GitHubLimitException.class);
    if (limit != null) {
      return new PortException("cannot " + doing + where + ": " + limit.getMessage());
    }
    if (find(e, InterruptedIOException.class) != null) {
      return new PortException("cannot " + doing + where + ": interrupted");
    }
    int status = status(e);
    String need = "the token needs '" + permission + "'" + where;
    return switch (status) {
      case 401 -> new PortException("cannot " + doing + where
          + ": GitHub rejected the token (HTTP 401); it is wrong, expired or revoked");
      case 403 -> new PortException("cannot " + doing + where + ": GitHub refused (HTTP 403); " + need);
      case 404 -> new PortException("cannot " + doing + where + ": GitHub found nothing (HTTP 404); the repository, "
          + "commit or path does not exist, or " + need + " (GitHub answers 404 for what a token cannot see)");
      case -1 -> new PortException("cannot " + doing + where + ": " + (e.getMessage() != null
          && e.getMessage().startsWith("Ran out of retries")
          ? "GitHub kept answering with rate limits" : "no answer from GitHub (" + e.getClass().getSimpleName() + ")"));
      default -> new PortException("cannot " + doing + where + ": GitHub answered HTTP " + status);
    };
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

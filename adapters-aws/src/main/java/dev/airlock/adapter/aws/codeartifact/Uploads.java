package dev.airlock.adapter.aws.codeartifact;

import dev.airlock.adapter.aws.codeartifact.RepositoryAccess.Token;
import dev.airlock.application.port.PortException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends an upload to a repository endpoint with the package manager's own protocol and says how
 * it went. The token is only in the request's header; what the server answers is kept short and
 * scrubbed of the token before it reaches any message.
 */
final class Uploads {
  /** How long one upload may take, end to end. */
  static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final int EXCERPT = 300;

  /** The status and the start of the answer's body, scrubbed. */
  record Answer(int status, String excerpt) {
    boolean isSuccess() {
      return status / 100 == 2;
    }

    /** {@code (HTTP 403: body excerpt)}. */
    String describe() {
      return "HTTP " + status + (excerpt.isBlank() ? "" : ": " + excerpt);
    }
  }

  private Uploads() {}

  /** A client that never follows a redirect: the token goes only where CodeArtifact said. */
  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  static Answer send(HttpClient http, HttpRequest request, Token token, String what) throws PortException {
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      String excerpt;
      try (InputStream body = response.body()) {
        excerpt = new String(body.readNBytes(EXCERPT), StandardCharsets.UTF_8);
      }
      return new Answer(response.statusCode(), token.scrub(excerpt.replaceAll("\\s+", " ").strip()));
    } catch (IOException e) {
      throw new PortException(what + " failed: " + token.scrub(String.valueOf(e.getMessage())), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PortException(what + " was interrupted", e);
    }
  }
}

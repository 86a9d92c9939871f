package dev.airlock.adapter.aws.codeartifact;

import dev.airlock.application.port.PortException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codeartifact.CodeartifactClient;
import software.amazon.awssdk.services.codeartifact.model.PackageFormat;

/**
 * What a package manager needs to talk to the repository, from the CodeArtifact API: a short-lived
 * authorization token ({@code GetAuthorizationToken}) and the repository's endpoint for a format
 * ({@code GetRepositoryEndpoint}). The token travels only in an {@code Authorization} header to
 * that endpoint: never in a message, log line or exception.
 */
final class RepositoryAccess {
  /** The shortest lifetime CodeArtifact allows: the token serves one upload. */
  private static final long TOKEN_SECONDS = 900;

  /** A token that does not print itself. */
  static final class Token {
    private final String value;

    private Token(String value) {
      this.value = value;
    }

    String value() {
      return value;
    }

    /** {@code text} with the token, and its forms in Basic credentials, replaced by {@code ***}. */
    String scrub(String text) {
      if (text == null || value.isEmpty()) {
        return text;
      }
      return text.replace(value, "***").replace(PypiUpload.basicCredentials(value), "***");
    }

    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  private final CodeartifactClient client;
  private final CodeArtifactSettings settings;

  RepositoryAccess(CodeartifactClient client, CodeArtifactSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  Token token() throws PortException {
    try {
      return new Token(client.getAuthorizationToken(b -> b.domain(settings.domain())
          .domainOwner(settings.domainOwner().orElse(null)).durationSeconds(TOKEN_SECONDS)).authorizationToken());
    } catch (SdkException e) {
      throw new PortException("CodeArtifact authorization token for domain " + settings.domain() + " failed: "
          + e.getMessage(), e);
    }
  }

  /**
   * The repository's endpoint for {@code format}, ending in {@code /}. It must be HTTPS (plain HTTP
   * only on a loopback address, a local test server), because the token is sent to it.
   */
  URI endpoint(PackageFormat format) throws PortException {
    String endpoint;
    try {
      endpoint = client.getRepositoryEndpoint(b -> b.domain(settings.domain())
          .domainOwner(settings.domainOwner().orElse(null)).repository(settings.repository()).format(format))
          .repositoryEndpoint();
    } catch (SdkException e) {
      throw new PortException("CodeArtifact " + format + " endpoint of repository " + settings.repository()
          + " failed: " + e.getMessage(), e);
    }
    URI uri;
    try {
      uri = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new PortException("CodeArtifact returned no usable " + format + " endpoint for repository "
          + settings.repository(), e);
    }
    if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && isLoopback(uri.getHost()))) {
      throw new PortException("CodeArtifact returned a " + format + " endpoint that is not HTTPS (" + uri.getScheme()
          + "://" + uri.getHost() + "); the authorization token is never sent there");
    }
    return uri;
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

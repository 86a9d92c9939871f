package dev.airlock.adapter.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.extras.HttpClientGitHubConnector;

/**
 * Builds the one hub4j {@link GitHub} client every GitHub adapter shares: GitHub.com or a GitHub
 * Enterprise Server API base URL ({@code https://host/api/v3}), a token sent as {@code Authorization:
 * Bearer} and read only when the first call is made, and bounded rate-limit handling.
 */
public final class GitHubClients {
  /** GitHub.com's API. */
  public static final URI GITHUB_COM = URI.create("https://api.github.com");

  private GitHubClients() {}

  /**
   * A client for {@code apiUrl}; nothing is sent until an adapter calls it.
   *
   * @param apiUrl the API base URL: {@code https://api.github.com} or {@code https://host/api/v3}
   * @param token supplies the token when the first call needs it; its failure fails that call
   * @param limits how long rate limits are waited out
   * @throws IllegalArgumentException when {@code apiUrl} is not an absolute http(s) URL without credentials
   */
  public static GitHub connect(URI apiUrl, Supplier<String> token, GitHubLimits limits) {
    String endpoint = endpoint(apiUrl);
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER) // hub4j follows them itself, dropping the token
        .build();
    try {
      return new GitHubBuilder()
          .withEndpoint(endpoint)
          .withAuthorizationProvider(() -> "Bearer " + token.get())
          .withConnector(new HttpClientGitHubConnector(http))
          .withRateLimitHandler(new BoundedRateLimitHandler(limits))
          .withAbuseLimitHandler(new BoundedAbuseLimitHandler(limits))
          .withRateLimitChecker(new BoundedRateLimitChecker(limits))
          .build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot set up the GitHub client for " + endpoint + ": " + e.getMessage(), e);
    }
  }

  /** The API base URL without a trailing slash, checked. */
  static String endpoint(URI apiUrl) {
    String scheme = apiUrl.getScheme() == null ? "" : apiUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!apiUrl.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || apiUrl.getHost() == null) {
      throw new IllegalArgumentException("GitHub API URL '" + apiUrl
          + "' is not an absolute https URL such as https://api.github.com or https://github.example.com/api/v3");
    }
    if (apiUrl.getRawUserInfo() != null || apiUrl.getRawQuery() != null) {
      throw new IllegalArgumentException("GitHub API URL must not carry credentials or a query");
    }
    String url = apiUrl.toString();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }
}

package dev.airlock.adapter.github.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Builds the real hub4j client against a WireMock server (GitHub.com style at the root, or GitHub
 * Enterprise Server style under {@code /api/v3}), serves recorded-style JSON fixtures with GitHub's
 * URLs rewritten to the mock, and checks once for every test that each request carried the token
 * and GitHub's media type.
 */
public final class WireMockGitHub {
  /** The token every test client sends. */
  public static final String TOKEN = "test-token";
  /** What the client sends as {@code Authorization}, as the production client does. */
  public static final AuthorizationProvider AUTHORIZATION = () -> "Bearer " + TOKEN;
  /** GitHub Enterprise Server's API prefix. */
  public static final String GHES_API = "/api/v3";
  /** GitHub Enterprise Server's upload prefix. */
  public static final String GHES_UPLOADS = "/api/uploads";

  private final String apiBase;
  private final String uploadsBase;

  private WireMockGitHub(String apiBase, String uploadsBase) {
    this.apiBase = apiBase;
    this.uploadsBase = uploadsBase;
  }

  /** GitHub.com: API and uploads both at the mock's root. */
  public static WireMockGitHub githubCom(WireMockRuntimeInfo wm) {
    return new WireMockGitHub(wm.getHttpBaseUrl(), wm.getHttpBaseUrl());
  }

  /** GitHub Enterprise Server: API under {@code /api/v3}, uploads under {@code /api/uploads}. */
  public static WireMockGitHub enterprise(WireMockRuntimeInfo wm) {
    return new WireMockGitHub(wm.getHttpBaseUrl() + GHES_API, wm.getHttpBaseUrl() + GHES_UPLOADS);
  }

  /** The API base URL the client is built with. */
  public String apiBase() {
    return apiBase;
  }

  /** A hub4j client for this server that fails at once on rate limits (no waiting in tests). */
  public GitHub client() {
    try {
      return new GitHubBuilder()
          .withEndpoint(apiBase)
          .withAuthorizationProvider(AUTHORIZATION)
          .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
          .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fixture under {@code dev/airlock/adapter/github/}, with {@code https://api.github.com} and
   * {@code https://uploads.github.com} rewritten to this server and each {@code ${key}} replaced.
   */
  public String fixture(String path, Map<String, String> values) {
    String text;
    try (InputStream in = WireMockGitHub.class.getResourceAsStream("/dev/airlock/adapter/github/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text = text.replace("https://api.github.com", apiBase).replace("https://uploads.github.com", uploadsBase);
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    return text;
  }

  /** A JSON answer with {@code status} and the fixture as body. */
  public ResponseDefinitionBuilder json(int status, String path, Map<String, String> values) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(fixture(path, values));
  }

  /** The same with no values to replace. */
  public ResponseDefinitionBuilder json(int status, String path) {
    return json(status, path, Map.of());
  }

  /** Asserts that every request the server received carried the token as Bearer and GitHub's JSON media type. */
  public static void assertEveryRequestAuthenticated(List<LoggedRequest> requests) {
    assertThat(requests).allSatisfy(request -> {
      assertThat(request.getHeader("Authorization")).as(request.getMethod() + " " + request.getUrl())
          .isEqualTo("Bearer " + TOKEN);
      assertThat(request.getHeader("Accept")).as(request.getMethod() + " " + request.getUrl())
          .matches("application/vnd\\.github(\\.v3)?\\+json.*");
    });
  }
}

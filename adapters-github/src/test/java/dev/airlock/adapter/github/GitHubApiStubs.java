package dev.airlock.adapter.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.kohsuke.github.GitHub;

/** The real hub4j client pointed at WireMock, recorded-style fixtures, and the checks every call must pass. */
public final class GitHubApiStubs {
  /** A fine-grained token shape; it must never show up in a message. */
  public static final String TOKEN = "github_pat_11AIRLOCKTEST0_neverPrintedAnywhere0123456789";

  private GitHubApiStubs() {}

  /** A client for the API at {@code apiPath} on WireMock ("" for GitHub.com's layout, "/api/v3" for GHES). */
  public static GitHub client(WireMockRuntimeInfo wm, String apiPath, RecordingSleeper sleeper) {
    return GitHubClients.connect(URI.create(wm.getHttpBaseUrl() + apiPath), () -> TOKEN,
        new GitHubLimits(Duration.ofMinutes(5), Duration.ofSeconds(61), sleeper, sleeper.clock()));
  }

  /** A fixture under {@code dev/airlock/adapter/github/}. */
  public static String fixture(String path) {
    try (InputStream in = GitHubApiStubs.class.getResourceAsStream("/dev/airlock/adapter/github/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 200 JSON answer with GitHub's headers. */
  public static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "4999")
        .withHeader("X-RateLimit-Reset", String.valueOf(java.time.Instant.now().plusSeconds(3600).getEpochSecond()))
        .withBody(body);
  }

  /** Every call carried the token as {@code Authorization: Bearer} and asked for GitHub's JSON. */
  public static void assertEveryCallAuthenticated(WireMockRuntimeInfo wm) {
    List<LoggedRequest> requests = wm.getWireMock().find(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    assertThat(requests).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getHeader("Authorization")).as(r.getUrl()).isEqualTo("Bearer " + TOKEN);
      assertThat(r.getHeader("Accept")).as(r.getUrl()).startsWith("application/vnd.github");
    });
  }
}

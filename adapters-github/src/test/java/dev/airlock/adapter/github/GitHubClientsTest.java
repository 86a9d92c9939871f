package dev.airlock.adapter.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.airlock.adapter.github.GitHubApiStubs.TOKEN;
import static dev.airlock.adapter.github.GitHubApiStubs.assertEveryCallAuthenticated;
import static dev.airlock.adapter.github.GitHubApiStubs.client;
import static dev.airlock.adapter.github.GitHubApiStubs.fixture;
import static dev.airlock.adapter.github.GitHubApiStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.airlock.application.port.PortException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/** The shared hub4j client: rate limits waited out within bounds, then retried; hopeless ones failed at once. */
@WireMockTest
class GitHubClientsTest {
  private static final String REPO = "/repos/data-science/package-requests";
  private static final RepositoryName NAME = RepositoryName.parse("data-science/package-requests");

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void shouldWaitUntilTheResetAndRetryWhenThePrimaryRateLimitIsSpent(WireMockRuntimeInfo wm) throws Exception {
    // Given GitHub's primary limit: 403, x-ratelimit-remaining 0, reset in 30 s by GitHub's own clock
    Instant now = Instant.now();
    limitedOnce(wm, aResponse().withStatus(403).withHeader("Content-Type", "application/json")
        .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)))
        .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + 30))
        .withBody("{\"message\":\"API rate limit exceeded for user ID 1.\"}"));

    // When
    GHRepository repository = client(wm, "", sleeper).getRepository(NAME.toString());

    // Then
    assertThat(repository.getFullName()).isEqualTo("data-science/package-requests");
    assertThat(sleeper.sleeps()).isNotEmpty();
    assertThat(sleeper.sleeps().get(0)).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(31));
    assertThat(sleeper.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isLessThan(Duration.ofSeconds(32));
    wm.getWireMock().verifyThat(2, getRequestedFor(urlPathEqualTo(REPO)));
    assertEveryCallAuthenticated(wm);
  }

  @Test
  void shouldWaitRetryAfterAndRetryWhenGitHubAnswers429(WireMockRuntimeInfo wm) throws Exception {
    // Given a secondary limit saying how long to wait
    limitedOnce(wm, aResponse().withStatus(429).withHeader("Content-Type", "application/json")
        .withHeader("Retry-After", "7").withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}"));

    // When
    GHRepository repository = client(wm, "", sleeper).getRepository(NAME.toString());

    // Then
    assertThat(repository.getName()).isEqualTo("package-requests");
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
    wm.getWireMock().verifyThat(2, getRequestedFor(urlPathEqualTo(REPO)));
  }

  @Test
  void shouldWaitOverAMinuteWhenASecondaryLimitNamesNoTime(WireMockRuntimeInfo wm) throws Exception {
    // Given a 403 secondary limit with neither retry-after nor reset
    limitedOnce(wm, aResponse().withStatus(403).withHeader("Content-Type", "application/json")
        .withHeader("gh-limited-by", "secondary").withBody("{\"message\":\"secondary rate limit\"}"));

    // When
    client(wm, "", sleeper).getRepository(NAME.toString());

    // Then
    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(61));
  }

  @Test
  void shouldFailAtOnceSayingWhenTheLimitLiftsWhenThatIsLaterThanAirlockWaits(WireMockRuntimeInfo wm) {
    // Given the quota resets in two hours, far past the five minutes Airlock waits
    Instant now = Instant.now();
    wm.getWireMock().register(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)))
        .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + 7200))
        .withBody("{\"message\":\"API rate limit exceeded\"}")));
    GitHub github = client(wm, "", sleeper);

    // When
    IOException e = catchThrowableOfType(IOException.class, () -> github.getRepository(NAME.toString()));
    PortException described = GitHubErrors.describe(e, NAME, "open the repository", "metadata: read");

    // Then
    assertThat(described.getMessage()).contains("cannot open the repository on data-science/package-requests",
        "API rate limit is reached (HTTP 403)", "lifts in 7200 s", "longer than the 300 s Airlock waits");
    assertThat(described.getMessage()).doesNotContain(TOKEN);
    assertThat(sleeper.sleeps()).isEmpty();
    wm.getWireMock().verifyThat(1, getRequestedFor(urlPathEqualTo(REPO)));
  }

  @Test
  void shouldGiveUpAfterThreeTriesWhenGitHubKeepsLimiting(WireMockRuntimeInfo wm) {
    // Given every answer is a secondary limit
    wm.getWireMock().register(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "2").withBody("{\"message\":\"secondary rate limit\"}")));
    GitHub github = client(wm, "", sleeper);

    // When
    IOException e = catchThrowableOfType(IOException.class, () -> github.getRepository(NAME.toString()));

    // Then
    assertThat(GitHubErrors.describe(e, NAME, "open the repository", "metadata: read").getMessage())
        .contains("GitHub kept answering with rate limits");
    assertThat(sleeper.sleeps()).hasSize(3).containsOnly(Duration.ofSeconds(2));
    wm.getWireMock().verifyThat(3, getRequestedFor(urlPathEqualTo(REPO)));
  }

  @Test
  void shouldWaitBeforeTheNextCallWhenTheLastAnswerSaidTheQuotaIsSpent(WireMockRuntimeInfo wm) throws Exception {
    // Given a successful answer that spent the last call of the quota, resetting in 45 s
    Instant now = sleeper.clock().instant();
    wm.getWireMock().register(get(urlPathEqualTo(REPO)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(fixture("source/push-of-three-commits/repository.json"))
        .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + 45))));
    GitHub github = client(wm, "", sleeper);
    github.getRepository(NAME.toString());

    // When
    github.getRepository(NAME.toString());

    // Then the second call waited instead of being refused
    assertThat(sleeper.sleeps()).singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(46)));
    wm.getWireMock().verifyThat(2, getRequestedFor(urlPathEqualTo(REPO)));
  }

  @Test
  void shouldRefuseAnApiUrlThatIsNotHttpsOrCarriesCredentials() {
    assertThatThrownBy(() -> GitHubClients.connect(URI.create("ftp://github.example.com/api/v3"), () -> TOKEN,
        GitHubLimits.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://");
    assertThatThrownBy(() -> GitHubClients.connect(URI.create("https://x:y@github.example.com/api/v3"), () -> TOKEN,
        GitHubLimits.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials");
    assertThat(GitHubClients.endpoint(URI.create("https://github.example.com/api/v3/")))
        .isEqualTo("https://github.example.com/api/v3");
  }

  private static void limitedOnce(WireMockRuntimeInfo wm, ResponseDefinitionBuilder limited) {
    wm.getWireMock().register(get(urlPathEqualTo(REPO)).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(limited).willSetStateTo("lifted"));
    wm.getWireMock().register(get(urlPathEqualTo(REPO)).inScenario("limit").whenScenarioStateIs("lifted")
        .willReturn(json(fixture("source/push-of-three-commits/repository.json"))));
  }
}

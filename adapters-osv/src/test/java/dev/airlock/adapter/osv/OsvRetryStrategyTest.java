package dev.airlock.adapter.osv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

/** How long the scanner waits before trying OSV again. */
class OsvRetryStrategyTest {
  private final OsvRetryStrategy strategy = new OsvRetryStrategy(OsvSettings.defaults(URI.create("https://api.osv.dev"))
      .withRetries(4, Duration.ofSeconds(1), Duration.ofSeconds(30)));

  @Test
  void shouldDoubleTheWaitWhenOsvSaysNothing() {
    BasicHttpResponse busy = new BasicHttpResponse(503);

    assertThat(strategy.getRetryInterval(busy, 1, new BasicHttpContext()).toMilliseconds()).isEqualTo(1_000);
    assertThat(strategy.getRetryInterval(busy, 3, new BasicHttpContext()).toMilliseconds()).isEqualTo(4_000);
  }

  @Test
  void shouldWaitAsLongAsRetryAfterAsksWhenThatIsWithinTheCap() {
    BasicHttpResponse limited = new BasicHttpResponse(429);
    limited.addHeader("Retry-After", "7");

    assertThat(strategy.getRetryInterval(limited, 1, new BasicHttpContext()).toMilliseconds()).isEqualTo(7_000);
  }

  @Test
  void shouldCapTheWaitWhenRetryAfterAsksForLonger() {
    BasicHttpResponse limited = new BasicHttpResponse(429);
    limited.addHeader("Retry-After", "86400");

    assertThat(strategy.getRetryInterval(limited, 1, new BasicHttpContext()).toMilliseconds()).isEqualTo(30_000);
  }

  @Test
  void shouldRetryOnlyRateLimitsAndServerErrorsAndOnlyAsOftenAsAllowed() {
    BasicHttpContext context = new BasicHttpContext();

    assertThat(strategy.retryRequest(new BasicHttpResponse(429), 3, context)).isTrue();
    assertThat(strategy.retryRequest(new BasicHttpResponse(500), 1, context)).isTrue();
    assertThat(strategy.retryRequest(new BasicHttpResponse(429), 4, context)).isFalse();
    assertThat(strategy.retryRequest(new BasicHttpResponse(400), 1, context)).isFalse();
    assertThat(strategy.retryRequest(new BasicHttpResponse(404), 1, context)).isFalse();
  }
}

package dev.airlock.adapter.osv;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Retries OSV calls a bounded number of times: on 429 and 5xx answers and on a dropped connection,
 * waiting {@code retryWait}, doubled each time, or what {@code Retry-After} asks, never longer than
 * {@code maxRetryWait}. Timeouts, unknown hosts and TLS failures are not retried. Every OSV call only
 * reads, so the query POST is retried like a GET.
 */
final class OsvRetryStrategy extends DefaultHttpRequestRetryStrategy {
  /** The statuses worth another attempt. */
  static final List<Integer> RETRIED = List.of(429, 500, 502, 503, 504);

  private final Duration retryWait;
  private final Duration maxRetryWait;

  OsvRetryStrategy(OsvSettings settings) {
    super(settings.maxAttempts() - 1, TimeValue.ofMilliseconds(settings.retryWait().toMillis()),
        List.<Class<? extends IOException>>of(InterruptedIOException.class, UnknownHostException.class,
            ConnectException.class, ConnectionClosedException.class, NoRouteToHostException.class,
            SSLException.class),
        RETRIED);
    this.retryWait = settings.retryWait();
    this.maxRetryWait = settings.maxRetryWait();
  }

  @Override
  public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
    Duration wait = retryWait.multipliedBy(1L << Math.min(Math.max(execCount - 1, 0), 16));
    Header retryAfter = response.getFirstHeader("Retry-After");
    if (retryAfter != null) {
      try {
        wait = Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.getValue().strip())));
      } catch (NumberFormatException e) {
        // An HTTP date: the default strategy reads those.
        TimeValue asked = super.getRetryInterval(response, execCount, context);
        wait = Duration.ofMillis(asked.toMilliseconds());
      }
    }
    return TimeValue.ofMilliseconds(Math.min(wait.toMillis(), maxRetryWait.toMillis()));
  }

  @Override
  protected boolean handleAsIdempotent(HttpRequest request) {
    return true;
  }
}

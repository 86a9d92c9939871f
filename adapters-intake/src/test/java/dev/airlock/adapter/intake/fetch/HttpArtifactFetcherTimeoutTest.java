package dev.airlock.adapter.intake.fetch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.airlock.application.port.PortException;
import dev.airlock.domain.PackageRequest;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that sends headers and then stalls must not hold a download past its time limits. */
class HttpArtifactFetcherTimeoutTest {
  /** Generous: these tests are about the body's time limits, and a loaded machine may connect slowly. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startStallingServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/stall.tar.gz", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(new byte[] {0x1f, (byte) 0x8b, 8, 0});
        body.flush();
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.createContext("/trickle.tar.gz", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(new byte[] {0x1f, (byte) 0x8b});
        while (!release.await(50, TimeUnit.MILLISECONDS)) {
          body.write(0); // a byte now and then: never stalled, never done
          body.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.io.IOException e) {
        // the client gave up: expected
      }
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void shouldGiveUpWithAClearMessageWhenTheBodyStallsPastTheTimeLimit() {
    // Given
    String hostPort = "127.0.0.1:" + server.getAddress().getPort();
    FetchSettings settings = new FetchSettings(Set.of(hostPort), 1024 * 1024, CONNECT_TIMEOUT,
        Duration.ofMillis(700), 0, Optional.empty());
    HttpArtifactFetcher fetcher = new HttpArtifactFetcher(settings);
    PackageRequest request = PackageRequest.builder().name("stall")
        .url(URI.create("http://" + hostPort + "/stall.tar.gz")).build();

    // When / Then
    assertThatThrownBy(() -> fetcher.fetch(request))
        .isInstanceOf(PortException.class)
        .hasMessageContaining("took longer than PT0.7S");
  }

  @Test
  void shouldSayTheDownloadStalledWhenNoBytesArriveForTheStallTimeout() {
    // Given: a whole download may take 20 s, but 300 ms without a byte is a stall
    String hostPort = "127.0.0.1:" + server.getAddress().getPort();
    FetchSettings settings = new FetchSettings(Set.of(hostPort), 1024 * 1024, CONNECT_TIMEOUT,
        Duration.ofSeconds(20), 0, Optional.empty(), Duration.ofMillis(300));
    HttpArtifactFetcher fetcher = new HttpArtifactFetcher(settings);
    PackageRequest request = PackageRequest.builder().name("stall")
        .url(URI.create("http://" + hostPort + "/stall.tar.gz")).build();

    // When / Then
    assertThatThrownBy(() -> fetcher.fetch(request))
        .isInstanceOf(PortException.class)
        .hasMessage("download from http://" + hostPort + "/stall.tar.gz stalled: nothing received for PT0.3S");
  }

  @Test
  void shouldGiveUpWhenTheServerTricklesBytesSlowerThanTheWholeDownloadMayTake() {
    // Given: bytes keep coming every 50 ms, so the stall timeout never fires; the total one must
    String hostPort = "127.0.0.1:" + server.getAddress().getPort();
    FetchSettings settings = new FetchSettings(Set.of(hostPort), 1024 * 1024, CONNECT_TIMEOUT,
        Duration.ofMillis(800), 0, Optional.empty(), Duration.ofSeconds(5));
    HttpArtifactFetcher fetcher = new HttpArtifactFetcher(settings);
    PackageRequest request = PackageRequest.builder().name("trickle")
        .url(URI.create("http://" + hostPort + "/trickle.tar.gz")).build();

    // When / Then
    assertThatThrownBy(() -> fetcher.fetch(request))
        .isInstanceOf(PortException.class)
        .hasMessage("download from http://" + hostPort + "/trickle.tar.gz took longer than PT0.8S");
  }
}

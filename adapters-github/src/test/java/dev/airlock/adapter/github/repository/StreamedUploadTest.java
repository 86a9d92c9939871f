package dev.airlock.adapter.github.repository;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.adapter.github.testing.WireMockGitHub;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.domain.Distribution;
import dev.airlock.domain.PackageRequest;
import dev.airlock.domain.Publication;
import dev.airlock.domain.SeverityPolicy;
import dev.airlock.domain.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shows that the asset goes up as a stream: when the upload server has received its first 256 KiB,
 * only a small part of a 16 MiB archive has been read. (hub4j's own {@code uploadAsset} would have
 * read all 16 MiB into a byte array before sending the first byte.)
 */
@WireMockTest
class StreamedUploadTest {
  private static final long SIZE = 16L * 1024 * 1024;
  private static final int FIRST_BYTES = 256 * 1024;

  private HttpServer uploads;

  @AfterEach
  void stopUploadServer() {
    if (uploads != null) {
      uploads.stop(0);
    }
  }

  @Test
  void shouldReadTheArchiveAsTheServerReceivesItWhenUploadingTheAsset(WireMockRuntimeInfo wm) throws Exception {
    // Given
    GeneratedArchive archive = new GeneratedArchive(SIZE);
    AtomicLong readWhenFirstBytesArrived = new AtomicLong(-1);
    AtomicLong received = new AtomicLong();
    uploads = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    uploads.createContext("/repos/acme/approved-packages/releases/8001/assets", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
          total += n;
          if (total >= FIRST_BYTES && readWhenFirstBytesArrived.get() < 0) {
            readWhenFirstBytesArrived.set(archive.served.get());
          }
        }
        received.set(total);
      }
      byte[] answer = "{\"id\":9003,\"name\":\"big-1.0.0.tar.gz\",\"state\":\"uploaded\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(201, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    uploads.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    uploads.start();
    String uploadBase = "http://localhost:" + uploads.getAddress().getPort();
    WireMockGitHub gh = WireMockGitHub.githubCom(wm);
    stubFor(get(urlPathEqualTo("/repos/acme/approved-packages")).willReturn(okJson(
        "{\"id\":1,\"name\":\"approved-packages\",\"full_name\":\"acme/approved-packages\",\"owner\":{\"login\":\"acme\"}}")));
    stubFor(get(urlPathEqualTo("/repos/acme/approved-packages/releases/tags/big-1.0.0"))
        .willReturn(okJson("{\"message\":\"Not Found\"}").withStatus(404)));
    stubFor(post(urlPathEqualTo("/repos/acme/approved-packages/releases")).willReturn(okJson(
        "{\"id\":8001,\"tag_name\":\"big-1.0.0\",\"html_url\":\"https://github.com/acme/approved-packages/releases/tag/big-1.0.0\","
            + "\"upload_url\":\"" + uploadBase + "/repos/acme/approved-packages/releases/8001/assets{?name,label}\","
            + "\"body\":\"<!-- airlock:package=big version=1.0.0 sha256=" + archive.sha256().hex()
            + " asset=big-1.0.0.tar.gz -->\"}").withStatus(201)));
    stubFor(get(urlPathEqualTo("/repos/acme/approved-packages/releases/8001/assets")).willReturn(okJson("[]")));
    PackageRequest request = PackageRequest.builder().name("big")
        .url(URI.create("https://files.pythonhosted.org/packages/source/b/big/big-1.0.0.tar.gz")).build();

    // When
    Publication publication = new GitHubReleaseRepository(gh.client(), "acme/approved-packages",
        WireMockGitHub.AUTHORIZATION).publish(request, generic(archive.fileName()), archive,
        SeverityPolicy.defaultPolicy().evaluate("big", List.of(), java.time.LocalDate.of(2030, 6, 15)));

    // Then
    assertThat(publication.assetName()).isEqualTo("big-1.0.0.tar.gz");
    assertThat(received.get()).isEqualTo(SIZE);
    assertThat(readWhenFirstBytesArrived.get()).as("bytes read from the archive when the server had 256 KiB")
        .isPositive().isLessThan(SIZE / 2); // measured: 1.4 to 3 MiB, what the socket buffers hold
  }

  /** An archive made up as it is read, counting what was served; nothing of it is kept in memory. */
  private static final class GeneratedArchive implements FetchedArtifact {
    final AtomicLong served = new AtomicLong();
    private final long size;
    private final Sha256 sha256;

    GeneratedArchive(long size) throws IOException {
      this.size = size;
      MessageDigest digest = Sha256.newDigest();
      try (InputStream in = new Generated(size, new AtomicLong())) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      this.sha256 = Sha256.ofBytes(digest.digest());
    }

    @Override
    public String fileName() {
      return "big-1.0.0.tar.gz";
    }

    @Override
    public Sha256 sha256() {
      return sha256;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public InputStream openStream() {
      return new Generated(size, served);
    }

    @Override
    public SeekableByteChannel openChannel() {
      throw new UnsupportedOperationException("not needed for uploads");
    }

    @Override
    public void close() {}
  }

  /** {@code size} bytes of a repeating pattern. */
  private static final class Generated extends InputStream {
    private final long size;
    private final AtomicLong served;
    private long position;

    Generated(long size, AtomicLong served) {
      this.size = size;
      this.served = served;
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      served.incrementAndGet();
      return (int) (position++ & 0xff);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) (position + i);
      }
      position += n;
      served.addAndGet(n);
      return n;
    }
  }

  /** A generic big 1.0.0 archive published as {@code fileName}. */
  private static Distribution generic(String fileName) {
    return Distribution.generic("big", "1.0.0", fileName);
  }
}

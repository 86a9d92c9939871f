package dev.airlock.adapter.intake.fetch;

import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.PackageRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fetcher against a loopback server that is trusted only because its host:port is listed. */
class HttpArtifactFetcherTest {
  private static final int MAX_BYTES = 64 * 1024;
  private static final int MAX_REDIRECTS = 3;

  private HttpServer server;
  private String hostPort;
  private final AtomicInteger requestsServed = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
    hostPort = "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("fetching an archive from an allow-listed loopback host:port")
  class Fetching {

    @Test
    void shouldReportSha256SizeAndFileNameWhenATarGzIsServed() throws Exception {
      // Given
      byte[] archive = TestArchives.tarGzBytes(file("demo-1.0/setup.py", "from setuptools import setup\n"),
          file("demo-1.0/data.bin", randomBytes(20_000, 1)));
      serve("/packages/demo-1.0.tar.gz", 200, archive);
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When
      try (FetchedArtifact fetched = fetcher.fetch(request("demo", url("/packages/demo-1.0.tar.gz")))) {

        // Then
        assertThat(fetched.sha256().hex()).isEqualTo(TestArchives.sha256Hex(archive));
        assertThat(fetched.size()).isEqualTo(archive.length);
        assertThat(fetched.fileName()).isEqualTo("demo-1.0.tar.gz");
        try (InputStream in = fetched.openStream()) {
          assertThat(in.readAllBytes()).isEqualTo(archive);
        }
      }
    }

    @Test
    void shouldKeepTheWheelNameWhenAZipIsServedAsAWheel() throws Exception {
      // Given
      byte[] wheel = TestArchives.zipBytes(file("demo/__init__.py", "VALUE = 1\n"));
      serve("/files/demo-1.0-py3-none-any.whl", 200, wheel);
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When
      try (FetchedArtifact fetched = fetcher.fetch(request("demo", url("/files/demo-1.0-py3-none-any.whl")))) {

        // Then
        assertThat(fetched.fileName()).isEqualTo("demo-1.0-py3-none-any.whl");
        assertThat(fetched.sha256().hex()).isEqualTo(TestArchives.sha256Hex(wheel));
        assertThat(fetched.size()).isEqualTo(wheel.length);
      }
    }

    @Test
    void shouldNameTheFileAfterThePackageAndItsContentWhenTheUrlHasNoArchiveName() throws Exception {
      // Given
      byte[] zip = TestArchives.zipBytes(file("demo/__init__.py", "VALUE = 1\n"));
      serve("/download", 200, zip);
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When
      try (FetchedArtifact fetched = fetcher.fetch(request("Demo_Pkg", url("/download?id=7")))) {

        // Then
        assertThat(fetched.fileName()).isEqualTo("demo-pkg.zip");
      }
    }

    @Test
    void shouldDeleteItsPrivateTemporaryCopyWhenClosed() throws Exception {
      // Given
      byte[] archive = TestArchives.tarGzBytes(file("demo/unique.txt", "marker " + System.nanoTime()));
      serve("/demo.tar.gz", 200, archive);
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());
      Set<Path> before = fetchDirectories();
      FetchedArtifact fetched = fetcher.fetch(request("demo", url("/demo.tar.gz")));
      List<Path> ours = new ArrayList<>();
      for (Path dir : fetchDirectories()) {
        if (!before.contains(dir) && holds(dir, archive)) {
          ours.add(dir);
        }
      }
      assertThat(ours).as("the private temporary folder holding the download").hasSize(1);

      // When
      fetched.close();

      // Then
      assertThat(ours.get(0)).doesNotExist();
      assertThatThrownBy(fetched::openStream).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldNameTheFileAfterTheFinalUrlWhenRedirectedWithinTheAllowedHost() throws Exception {
      // Given
      byte[] archive = TestArchives.tarGzBytes(file("demo/a.py", "x = 1\n"));
      serve("/final/demo-2.0.tar.gz", 200, archive);
      redirect("/latest", "/final/demo-2.0.tar.gz");
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When
      try (FetchedArtifact fetched = fetcher.fetch(request("demo", url("/latest")))) {

        // Then
        assertThat(fetched.fileName()).isEqualTo("demo-2.0.tar.gz");
        assertThat(fetched.sha256().hex()).isEqualTo(TestArchives.sha256Hex(archive));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("refusing URLs before connecting")
  class RefusedUrls {

    @Test
    void shouldRefuseWhenTheHostIsNotInTheAllowList() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", URI.create("https://evil.example/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("host evil.example is not in the allow-list");
    }

    @Test
    void shouldRefuseLocalhostWhenOnlyTheLoopbackAddressIsListedWithThePort() {
      // Given
      serve("/demo.tar.gz", 200, TestArchives.tarGzBytes(file("a.txt", "a")));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());
      URI viaName = URI.create("http://localhost:" + server.getAddress().getPort() + "/demo.tar.gz");

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", viaName)))
          .isInstanceOf(PortException.class)
          .hasMessage("host localhost is not in the allow-list");
      assertThat(requestsServed).hasValue(0);
    }

    @Test
    void shouldRefusePlainHttpWhenTheLoopbackHostIsListedWithoutItsPort() {
      // Given
      serve("/demo.tar.gz", 200, TestArchives.tarGzBytes(file("a.txt", "a")));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(settings(Set.of("127.0.0.1")));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("plain http is refused for 127.0.0.1; use https");
      assertThat(requestsServed).hasValue(0);
    }

    @Test
    void shouldRefuseWhenTheLoopbackHostIsReachedOnAnotherPort() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());
      int otherPort = server.getAddress().getPort() == 65535 ? 65534 : server.getAddress().getPort() + 1;

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(
          request("demo", URI.create("http://127.0.0.1:" + otherPort + "/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("host 127.0.0.1 is not in the allow-list");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://169.254.170.2/v2/credentials/abc",
        "https://10.0.0.1/demo.tar.gz",
        "https://[::1]/demo.tar.gz",
        "https://127.0.0.1/demo.tar.gz"})
    void shouldRefuseANonPublicAddressWhenItIsListedByNameWithoutPort(String target) {
      // Given
      URI url = URI.create(target);
      String bareHost = url.getHost().replace("[", "").replace("]", "");
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(settings(Set.of(bareHost)));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url)))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("resolves to a non-public address (")
          .hasMessageContaining("); refused");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "https://169.254.169.254/latest/meta-data/",
        "https://169.254.170.2/v2/credentials/abc",
        "https://10.0.0.1/demo.tar.gz",
        "https://[::1]/demo.tar.gz",
        "https://127.0.0.1/demo.tar.gz"})
    void shouldRefuseANonPublicAddressWhenItIsNotListed(String target) {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", URI.create(target))))
          .isInstanceOf(PortException.class)
          .hasMessageEndingWith("is not in the allow-list");
    }

    @Test
    void shouldRefuseWhenTheSchemeIsNeitherHttpsNorHttp() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", URI.create("ftp://" + hostPort + "/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("scheme ftp is refused; use https");
    }

    @Test
    void shouldRefuseWithoutRepeatingThemWhenTheUrlCarriesCredentials() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());
      URI withCredentials = URI.create("http://deploy:SECRET123@" + hostPort + "/demo.tar.gz");

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", withCredentials)))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("URL carries credentials; refused")
          .message().doesNotContain("SECRET123").doesNotContain("deploy");
      assertThat(requestsServed).hasValue(0);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("redirects")
  class Redirects {

    @Test
    void shouldRefuseWhenRedirectedToAHostThatIsNotAllowed() {
      // Given
      redirect("/demo.tar.gz", "https://evil.example/payload.tar.gz");
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("redirect refused: host evil.example is not in the allow-list");
    }

    @Test
    void shouldRefuseWhenRedirectedToTheInstanceMetadataEndpoint() {
      // Given
      redirect("/demo.tar.gz", "http://169.254.169.254/latest/meta-data/");
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("redirect refused: ")
          .hasMessageContaining("169.254.169.254");
    }

    @Test
    void shouldRefuseARedirectToTheMetadataEndpointEvenWhenItsAddressIsAllowListed() {
      // Given
      redirect("/demo.tar.gz", "https://169.254.169.254/latest/meta-data/");
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(settings(Set.of(hostPort, "169.254.169.254")));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("redirect refused: host 169.254.169.254 resolves to a non-public address "
              + "(169.254.169.254); refused");
    }

    @Test
    void shouldGiveUpWhenThereAreMoreRedirectsThanAllowed() {
      // Given
      redirect("/loop", "/loop");
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/loop"))))
          .isInstanceOf(PortException.class)
          .hasMessage("more than " + MAX_REDIRECTS + " redirects from " + url("/loop"));
      assertThat(requestsServed).hasValue(MAX_REDIRECTS + 1);
    }

    @Test
    void shouldFetchWhenThereAreExactlyMaxRedirectsHops() throws Exception {
      // Given
      byte[] archive = TestArchives.tarGzBytes(file("a.txt", "a"));
      serve("/hop" + MAX_REDIRECTS, 200, archive);
      for (int i = 0; i < MAX_REDIRECTS; i++) {
        redirect("/hop" + i, "/hop" + (i + 1));
      }
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When
      try (FetchedArtifact fetched = fetcher.fetch(request("demo", url("/hop0")))) {

        // Then
        assertThat(fetched.sha256().hex()).isEqualTo(TestArchives.sha256Hex(archive));
      }
    }

    @Test
    void shouldFailWhenARedirectHasNoLocation() {
      // Given
      server.createContext("/nowhere", exchange -> respond(exchange, 302, new byte[0]));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/nowhere"))))
          .isInstanceOf(PortException.class)
          .hasMessage("HTTP 302 without a Location from " + url("/nowhere"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("responses that are not an archive")
  class NotAnArchive {

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {404, 500})
    void shouldFailWithTheStatusWhenTheServerAnswersWithAnError(int status) {
      // Given
      serve("/demo.tar.gz", status, "<html><body>oops</body></html>".getBytes(StandardCharsets.UTF_8));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("HTTP " + status + " from " + url("/demo.tar.gz"));
    }

    @Test
    void shouldSayItLooksLikeAnHtmlPageWhenAnErrorPageComesWithStatus200() {
      // Given
      serve("/demo.tar.gz", 200, ("\n  <!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
          + "<body>Please sign in</body></html>").getBytes(StandardCharsets.UTF_8));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("content from " + url("/demo.tar.gz")
              + " is not a zip, wheel or tar.gz archive (it looks like an HTML page)");
    }

    @Test
    void shouldNotCallItHtmlWhenOtherNonArchiveContentIsServed() {
      // Given
      serve("/demo.tar.gz", 200, "{\"error\": \"rate limited\"}".getBytes(StandardCharsets.UTF_8));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/demo.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("content from " + url("/demo.tar.gz") + " is not a zip, wheel or tar.gz archive");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("size limit")
  class SizeLimit {

    @Test
    void shouldRefuseWhenTheDeclaredLengthIsOverTheLimit() {
      // Given
      serve("/big.tar.gz", 200, gzipLooking(MAX_BYTES + 1));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("big", url("/big.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("archive at " + url("/big.tar.gz") + " is " + (MAX_BYTES + 1) + " bytes, over the limit of "
              + MAX_BYTES);
    }

    @Test
    void shouldStopReadingPastTheLimitWhenNoContentLengthIsSent() {
      // Given
      serveChunked("/big.tar.gz", gzipLooking(MAX_BYTES * 4));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("big", url("/big.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("archive from " + url("/big.tar.gz") + " is over the limit of " + MAX_BYTES + " bytes");
    }

    @Test
    void shouldCutTheTransferOffAtTheLimitWhenTheServerWouldSendFarMore() throws Exception {
      // Given: a body 4096 times the limit; draining it to reuse the connection would read all of it
      long huge = 4096L * MAX_BYTES;
      CompletableFuture<Long> sent = new CompletableFuture<>();
      server.createContext("/endless.tar.gz", exchange -> {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = gzipLooking(64 * 1024);
        long total = 0;
        try (OutputStream out = exchange.getResponseBody()) {
          while (total < huge) {
            out.write(chunk);
            total += chunk.length;
          }
        } catch (IOException e) {
          // the client hung up: expected
        }
        sent.complete(total);
      });
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("endless", url("/endless.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("archive from " + url("/endless.tar.gz") + " is over the limit of " + MAX_BYTES + " bytes");
      // (a guard against hanging on a connection kept open, not a time limit on the fetch)
      assertThat(sent.get(5, TimeUnit.MINUTES)).as("bytes the server wrote before the client cut the connection")
          .isLessThan(huge / 8);
    }

    @Test
    void shouldRefuseOneByteOverTheLimitWhenNoContentLengthIsSent() {
      // Given
      serveChunked("/big.tar.gz", gzipLooking(MAX_BYTES + 1));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("big", url("/big.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("is over the limit of " + MAX_BYTES + " bytes");
    }

    @Test
    void shouldAcceptContentOfExactlyTheLimitWhenNoContentLengthIsSent() throws Exception {
      // Given
      byte[] exact = gzipLooking(MAX_BYTES);
      serveChunked("/exact.tar.gz", exact);
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When
      try (FetchedArtifact fetched = fetcher.fetch(request("exact", url("/exact.tar.gz")))) {

        // Then
        assertThat(fetched.size()).isEqualTo(MAX_BYTES);
        assertThat(fetched.sha256().hex()).isEqualTo(TestArchives.sha256Hex(exact));
      }
    }

    @Test
    void shouldRefuseContentOverAVerySmallLimitEvenWhenItFitsInTheFirstBytesRead() {
      // Given: a limit smaller than the few hundred bytes read to recognise the format
      serveChunked("/small.tar.gz", gzipLooking(200));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings().withMaxBytes(100));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("small", url("/small.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("over the limit of 100");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("secrets in URLs stay out of messages")
  class Redaction {
    private static final String SECRET = "SECRET123";

    @Test
    void shouldLeaveTheQueryOutWhenTheServerAnswersWithAnError() {
      // Given
      serve("/private.tar.gz", 404, "not found".getBytes(StandardCharsets.UTF_8));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/private.tar.gz?token=" + SECRET))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("HTTP 404 from ")
          .message().doesNotContain(SECRET);
    }

    @Test
    void shouldLeaveTheQueryOutWhenARedirectIsRefused() {
      // Given
      redirect("/private.tar.gz", "https://evil.example/x.tar.gz?token=" + SECRET);
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/private.tar.gz?token=" + SECRET))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("redirect refused")
          .message().doesNotContain(SECRET);
    }

    @Test
    void shouldLeaveTheQueryOutWhenThereAreTooManyRedirects() {
      // Given
      redirect("/loop", "/loop?token=" + SECRET);
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/loop?token=" + SECRET))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("more than " + MAX_REDIRECTS + " redirects")
          .message().doesNotContain(SECRET);
    }

    @Test
    void shouldLeaveTheQueryOutWhenTheContentIsNotAnArchive() {
      // Given
      serve("/private.tar.gz", 200, "<html>login</html>".getBytes(StandardCharsets.UTF_8));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/private.tar.gz?token=" + SECRET))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("it looks like an HTML page")
          .message().doesNotContain(SECRET);
    }

    @Test
    void shouldLeaveTheQueryOutWhenTheContentIsOverTheLimit() {
      // Given
      serveChunked("/private.tar.gz", gzipLooking(MAX_BYTES * 2));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("demo", url("/private.tar.gz?token=" + SECRET))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("over the limit")
          .message().doesNotContain(SECRET);
    }

    @Test
    void shouldLeaveTheQueryOutWhenTheConnectionFails() throws IOException {
      // Given
      int closedPort;
      try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
        closedPort = probe.getLocalPort();
      }
      String closed = "127.0.0.1:" + closedPort;
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(settings(Set.of(closed)));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(
          request("demo", URI.create("http://" + closed + "/demo.tar.gz?token=" + SECRET))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("cannot download http://" + closed + "/demo.tar.gz?…")
          .message().doesNotContain(SECRET);
    }

    @Test
    void shouldLeaveTheQueryOutWhenTheHostIsRefused() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(
          request("demo", URI.create("https://evil.example/x.tar.gz?token=" + SECRET))))
          .isInstanceOf(PortException.class)
          .message().doesNotContain(SECRET);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("file: URLs")
  class FileUrls {
    @TempDir
    Path temp;
    private Path base;
    private byte[] inside;

    @BeforeEach
    void createBaseFolder() throws IOException {
      base = Files.createDirectories(temp.resolve("requests"));
      Files.createDirectories(base.resolve("packages"));
      inside = TestArchives.tarGzBytes(file("x/setup.py", "from setuptools import setup\n"));
      Files.write(base.resolve("packages/x.tar.gz"), inside);
      Files.write(temp.resolve("outside.tar.gz"), TestArchives.tarGzBytes(file("secret.txt", "secret")));
    }

    @Test
    void shouldRefuseFileUrlsWhenNoFileBaseIsSet() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings());

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("x", URI.create("file:packages/x.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("file: URLs are disabled");
    }

    @Test
    void shouldFetchAndKeepTheOriginalWhenARelativeFileIsInsideTheBase() throws Exception {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings().withFileBase(base));

      // When
      FetchedArtifact fetched = fetcher.fetch(request("x", URI.create("file:packages/x.tar.gz")));
      try (fetched) {

        // Then
        assertThat(fetched.fileName()).isEqualTo("x.tar.gz");
        assertThat(fetched.size()).isEqualTo(inside.length);
        assertThat(fetched.sha256().hex()).isEqualTo(TestArchives.sha256Hex(inside));
      }
      assertThat(base.resolve("packages/x.tar.gz")).exists().hasBinaryContent(inside);
    }

    @Test
    void shouldRefuseWhenARelativePathClimbsOutOfTheBase() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings().withFileBase(base));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("x", URI.create("file:../outside.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("is not inside");
    }

    @Test
    void shouldRefuseWhenThePathClimbsOutAfterGoingIn() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings().withFileBase(base));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("x", URI.create("file:packages/../../outside.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("is not inside");
    }

    @Test
    void shouldRefuseWhenAnAbsolutePathIsOutsideTheBase() {
      // Given
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings().withFileBase(base));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("x", URI.create("file:///etc/passwd"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("/etc/passwd is not inside");
    }

    @Test
    void shouldRefuseWhenASymlinkInsideTheBasePointsOutside() throws IOException {
      // Given
      Files.createSymbolicLink(base.resolve("packages/link.tar.gz"), temp.resolve("outside.tar.gz"));
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings().withFileBase(base));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("x", URI.create("file:packages/link.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("is not a regular file inside");
    }

    @Test
    void shouldRefuseWhenAFileInsideTheBaseIsNotAnArchive() throws IOException {
      // Given
      Files.writeString(base.resolve("packages/notes.txt"), "just text");
      HttpArtifactFetcher fetcher = new HttpArtifactFetcher(loopbackSettings().withFileBase(base));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request("x", URI.create("file:packages/notes.txt"))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining("is not a zip, wheel or tar.gz archive");
    }
  }

  // ---------------------------------------------------------------------------------------------

  private FetchSettings loopbackSettings() {
    return settings(Set.of(hostPort));
  }

  private static FetchSettings settings(Set<String> hosts) {
    return new FetchSettings(hosts, MAX_BYTES, Duration.ofSeconds(2), Duration.ofSeconds(10), MAX_REDIRECTS,
        Optional.empty());
  }

  private URI url(String pathAndQuery) {
    return URI.create("http://" + hostPort + pathAndQuery);
  }

  private static PackageRequest request(String name, URI url) {
    return PackageRequest.builder().name(name).url(url).build();
  }

  private void serve(String path, int status, byte[] body) {
    server.createContext(path, exchange -> respond(exchange, status, body));
  }

  /** Serves {@code body} with chunked transfer encoding: no Content-Length at all. */
  private void serveChunked(String path, byte[] body) {
    server.createContext(path, exchange -> {
      requestsServed.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int offset = 0; offset < body.length; offset += 4096) {
          out.write(body, offset, Math.min(4096, body.length - offset));
        }
      } catch (IOException e) {
        // the client hung up once it had read enough: expected for oversized bodies
      }
    });
  }

  private void redirect(String path, String location) {
    server.createContext(path, exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      respond(exchange, 302, new byte[0]);
    });
  }

  private void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    requestsServed.incrementAndGet();
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException e) {
      // the client may stop reading once it has seen enough
    }
  }

  /** Bytes that start like a gzip stream (the fetcher recognises archives by magic only). */
  private static byte[] gzipLooking(int length) {
    byte[] bytes = randomBytes(length, length);
    bytes[0] = 0x1f;
    bytes[1] = (byte) 0x8b;
    return bytes;
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static Set<Path> fetchDirectories() throws IOException {
    Set<Path> dirs = new java.util.HashSet<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
        "airlock-fetch-*")) {
      stream.forEach(dirs::add);
    }
    return dirs;
  }

  private static boolean holds(Path dir, byte[] content) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (Arrays.equals(Files.readAllBytes(file), content)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false; // another process's folder, gone or unreadable
    }
    return false;
  }
}

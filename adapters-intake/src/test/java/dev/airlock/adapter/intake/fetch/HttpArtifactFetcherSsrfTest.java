package dev.airlock.adapter.intake.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static dev.airlock.archive.testing.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.airlock.application.port.FetchedArtifact;
import dev.airlock.application.port.PortException;
import dev.airlock.archive.testing.TestArchives;
import dev.airlock.domain.PackageRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every SSRF form is refused before a socket is opened to it, directly and as a redirect from an
 * allowed server. The fetcher's sockets and DNS look-ups are counted: a refused target must have
 * been neither connected to nor (when it is a literal) looked up. Each target's host is put in the
 * allow-list, so what stops it is the address check, not the allow-list.
 */
@WireMockTest(httpsEnabled = true)
class HttpArtifactFetcherSsrfTest {
  private final RecordingSockets sockets = new RecordingSockets();
  private final RecordingLookup dns = new RecordingLookup();
  private String wireMockHost;

  @BeforeEach
  void rememberServer(WireMockRuntimeInfo wireMock) {
    wireMockHost = "127.0.0.1:" + wireMock.getHttpPort();
    sockets.allowedPort = wireMock.getHttpPort();
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("a non-public address as the URL itself")
  class Direct {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
        https://127.0.0.1/x.tar.gz, 127.0.0.1, (127.0.0.1)
        https://127.9.9.9/x.tar.gz, 127.9.9.9, (127.9.9.9)
        https://10.0.0.1/x.tar.gz, 10.0.0.1, (10.0.0.1)
        https://172.16.0.1/x.tar.gz, 172.16.0.1, (172.16.0.1)
        https://192.168.0.1/x.tar.gz, 192.168.0.1, (192.168.0.1)
        https://169.254.169.254/latest/meta-data/iam/security-credentials/, 169.254.169.254, (169.254.169.254)
        https://169.254.170.2/v2/credentials/abc, 169.254.170.2, (169.254.170.2)
        https://100.64.0.1/x.tar.gz, 100.64.0.1, (100.64.0.1)
        https://100.127.255.254/x.tar.gz, 100.127.255.254, (100.127.255.254)
        https://[fc00::1]/x.tar.gz, fc00::1, (fc00:0:0:0:0:0:0:1)
        https://[fd12:3456::1]/x.tar.gz, fd12:3456::1, (fd12:3456:0:0:0:0:0:1)
        https://[fe80::1]/x.tar.gz, fe80::1, (fe80:0:0:0:0:0:0:1)
        https://224.0.0.1/x.tar.gz, 224.0.0.1, (224.0.0.1)
        https://[ff02::1]/x.tar.gz, ff02::1, (ff02:0:0:0:0:0:0:1)
        https://0.0.0.0/x.tar.gz, 0.0.0.0, (0.0.0.0)
        https://[::]/x.tar.gz, ::, (0:0:0:0:0:0:0:0)
        https://[::1]/x.tar.gz, ::1, (0:0:0:0:0:0:0:1)
        https://[::ffff:169.254.169.254]/latest/meta-data/, ::ffff:169.254.169.254, (169.254.169.254)
        https://[::ffff:a9fe:a9fe]/latest/meta-data/, ::ffff:a9fe:a9fe, (169.254.169.254)
        https://2852039166/latest/meta-data/, 2852039166, non-standard spelling (169.254.169.254)
        https://0251.0376.0251.0376/latest/meta-data/, 0251.0376.0251.0376, non-standard spelling (169.254.169.254)
        https://0xA9FEA9FE/latest/meta-data/, 0xa9fea9fe, non-standard spelling (169.254.169.254)
        https://0xa9.254.0251.0xfe/latest/meta-data/, 0xa9.254.0251.0xfe, non-standard spelling (169.254.169.254)
        https://169.254.43518/latest/meta-data/, 169.254.43518, non-standard spelling (169.254.169.254)
        https://127.1/x.tar.gz, 127.1, non-standard spelling (127.0.0.1)
        https://0/x.tar.gz, 0, non-standard spelling (0.0.0.0)
        https://169.254.169.254./latest/meta-data/, 169.254.169.254., non-standard spelling (169.254.169.254)
        https://010.0.0.1/x.tar.gz, 010.0.0.1, non-standard spelling (8.0.0.1)
        """)
    void shouldRefuseWithoutOpeningASocketWhenTheUrlNamesANonPublicAddress(String target, String host,
        String shown) {
      // Given: the host is allow-listed, so only the address check stands in the way
      HttpArtifactFetcher fetcher = fetcher(Set.of(host));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create(target))))
          .isInstanceOf(PortException.class)
          .hasMessageContaining(shown)
          .hasMessageEndingWith("; refused");
      assertThat(sockets.connected).as("sockets opened").isEmpty();
      assertThat(sockets.created).as("sockets created").hasValue(0);
      assertThat(dns.looked).as("a literal address is never looked up").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
        metadata.internal, 169.254.169.254
        credentials.internal, 169.254.170.2
        intranet.example, 10.1.2.3
        carrier.example, 100.100.100.100
        mapped.example, ::ffff:a9fe:a9fe
        ula.example, fd00::1234
        """)
    void shouldRefuseWithoutOpeningASocketWhenANameResolvesToANonPublicAddress(String name, String address)
        throws UnknownHostException {
      // Given
      dns.answer(name, InetAddress.getByName(address));
      HttpArtifactFetcher fetcher = fetcher(Set.of(name));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("https://" + name + "/x.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("host " + name + " resolves to a non-public address (")
          .hasMessageEndingWith("); refused");
      assertThat(sockets.created).hasValue(0);
      assertThat(dns.looked).containsExactly(name);
    }

    @Test
    void shouldRefuseTheWholeHostWhenOneOfItsAddressesIsNotPublic() throws UnknownHostException {
      // Given: a public address first, the metadata endpoint second
      dns.answer("mixed.example", InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254"));
      HttpArtifactFetcher fetcher = fetcher(Set.of("mixed.example"));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("https://mixed.example/x.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("host mixed.example resolves to a non-public address (169.254.169.254); refused");
      assertThat(sockets.created).hasValue(0);
    }

    @Test
    void shouldConnectOnlyToTheAddressItCheckedWhenDnsWouldAnswerDifferentlyTheSecondTime()
        throws UnknownHostException {
      // Given: a rebinding name, public on the first look-up and the metadata endpoint afterwards
      dns.answer("rebind.example", InetAddress.getByName("203.0.113.10"));
      dns.thenAnswer("rebind.example", InetAddress.getByName("169.254.169.254"));
      HttpArtifactFetcher fetcher = fetcher(Set.of("rebind.example"));

      // When: the test's sockets never leave the machine, so the connection itself fails
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("https://rebind.example/x.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("cannot download https://rebind.example/x.tar.gz");

      // Then: one look-up, and the one connection went to the address that look-up gave and was checked
      assertThat(dns.looked).containsExactly("rebind.example");
      assertThat(sockets.connected).containsExactly(new InetSocketAddress(InetAddress.getByName("203.0.113.10"), 443));
    }

    @Test
    void shouldRefuseALoopbackNameWhenItIsListedWithoutItsPort() throws UnknownHostException {
      // Given: localhost is listed, but only a loopback name listed with its port is trusted as named
      dns.answer("localhost", InetAddress.getByName("127.0.0.1"));
      HttpArtifactFetcher fetcher = fetcher(Set.of("localhost"));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("https://localhost/x.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("host localhost resolves to a non-public address (127.0.0.1); refused");
      assertThat(sockets.created).hasValue(0);
    }

    @Test
    void shouldRefuseANameListedWithItsPortWhenItResolvesOutsideLoopback(WireMockRuntimeInfo wireMock)
        throws UnknownHostException {
      // Given: "localhost" listed with the server's port, but DNS says it is the metadata endpoint
      dns.answer("localhost", InetAddress.getByName("169.254.169.254"));
      String hostPort = "localhost:" + wireMock.getHttpPort();
      HttpArtifactFetcher fetcher = fetcher(Set.of(hostPort));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("http://" + hostPort + "/x.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("host localhost resolves to a non-loopback address (169.254.169.254); refused");
      assertThat(sockets.created).hasValue(0);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("a non-public address as the Location of a redirect from an allowed server")
  class ViaRedirect {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
        https://127.0.0.1/x.tar.gz, 127.0.0.1, (127.0.0.1)
        https://10.0.0.1/x.tar.gz, 10.0.0.1, (10.0.0.1)
        https://172.16.0.1/x.tar.gz, 172.16.0.1, (172.16.0.1)
        https://192.168.0.1/x.tar.gz, 192.168.0.1, (192.168.0.1)
        https://169.254.169.254/latest/meta-data/iam/security-credentials/, 169.254.169.254, (169.254.169.254)
        https://169.254.170.2/v2/credentials/abc, 169.254.170.2, (169.254.170.2)
        https://100.64.0.1/x.tar.gz, 100.64.0.1, (100.64.0.1)
        https://[fc00::1]/x.tar.gz, fc00::1, (fc00:0:0:0:0:0:0:1)
        https://[fe80::1]/x.tar.gz, fe80::1, (fe80:0:0:0:0:0:0:1)
        https://224.0.0.1/x.tar.gz, 224.0.0.1, (224.0.0.1)
        https://[ff02::1]/x.tar.gz, ff02::1, (ff02:0:0:0:0:0:0:1)
        https://0.0.0.0/x.tar.gz, 0.0.0.0, (0.0.0.0)
        https://[::]/x.tar.gz, ::, (0:0:0:0:0:0:0:0)
        https://[::1]/x.tar.gz, ::1, (0:0:0:0:0:0:0:1)
        https://[::ffff:169.254.169.254]/latest/meta-data/, ::ffff:169.254.169.254, (169.254.169.254)
        https://2852039166/latest/meta-data/, 2852039166, non-standard spelling (169.254.169.254)
        https://0251.0376.0251.0376/latest/meta-data/, 0251.0376.0251.0376, non-standard spelling (169.254.169.254)
        https://0xA9FEA9FE/latest/meta-data/, 0xa9fea9fe, non-standard spelling (169.254.169.254)
        https://0xa9.254.0251.0xfe/latest/meta-data/, 0xa9.254.0251.0xfe, non-standard spelling (169.254.169.254)
        https://127.1/x.tar.gz, 127.1, non-standard spelling (127.0.0.1)
        http://169.254.169.254/latest/meta-data/, 169.254.169.254, plain http is refused for 169.254.169.254
        """)
    void shouldRefuseWithoutOpeningASocketToItWhenAnAllowedServerRedirectsToANonPublicAddress(String target,
        String host, String shown) {
      // Given
      redirectTo(target);
      HttpArtifactFetcher fetcher = fetcher(Set.of(wireMockHost, host));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("http://" + wireMockHost + "/start.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("redirect refused: ")
          .hasMessageContaining(shown);
      assertThat(sockets.connected).as("the only connection is to the allowed server")
          .allMatch(a -> a.getPort() == sockets.allowedPort && a.getAddress().isLoopbackAddress());
      assertThat(sockets.created).hasValue(1);
      assertThat(dns.looked).isEmpty();
      verify(1, getRequestedFor(urlPathEqualTo("/start.tar.gz")));
    }

    @Test
    void shouldRefuseWithoutOpeningASocketWhenRedirectedToANameThatResolvesToTheMetadataEndpoint()
        throws UnknownHostException {
      // Given
      dns.answer("metadata.internal", InetAddress.getByName("169.254.169.254"));
      redirectTo("https://metadata.internal/latest/meta-data/");
      HttpArtifactFetcher fetcher = fetcher(Set.of(wireMockHost, "metadata.internal"));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("http://" + wireMockHost + "/start.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessage("redirect refused: host metadata.internal resolves to a non-public address "
              + "(169.254.169.254); refused");
      assertThat(sockets.created).hasValue(1);
      assertThat(dns.looked).containsExactly("metadata.internal");
    }

    @Test
    void shouldFetchFromTheAllowedServerWhenItRedirectsWithinItself() throws Exception {
      // Given: the same counting sockets let an honest download through
      byte[] archive = TestArchives.tarGzBytes(file("demo/a.py", "x = 1\n"));
      redirectTo("/final/demo-1.0.tar.gz");
      stubFor(get(urlPathEqualTo("/final/demo-1.0.tar.gz")).willReturn(aResponse().withStatus(200).withBody(archive)));
      HttpArtifactFetcher fetcher = fetcher(Set.of(wireMockHost));

      // When
      try (FetchedArtifact fetched = fetcher.fetch(request(URI.create("http://" + wireMockHost + "/start.tar.gz")))) {

        // Then
        assertThat(fetched.sha256().hex()).isEqualTo(TestArchives.sha256Hex(archive));
        assertThat(fetched.fileName()).isEqualTo("demo-1.0.tar.gz");
      }
      assertThat(sockets.connected).isNotEmpty().allMatch(a -> a.getPort() == sockets.allowedPort);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  @DisplayName("TLS")
  class Tls {

    @Test
    void shouldRefuseAServerWhoseCertificateIsNotTrustedWhenTheAddressItselfPassed(WireMockRuntimeInfo wireMock)
        throws UnknownHostException {
      // Given: the checked address is fine (an explicitly listed loopback host:port), the certificate is self-signed
      dns.answer("localhost", InetAddress.getByName("127.0.0.1"));
      sockets.allowedPort = wireMock.getHttpsPort();
      String hostPort = "localhost:" + wireMock.getHttpsPort();
      stubFor(get(urlPathEqualTo("/x.tar.gz")).willReturn(aResponse().withStatus(200)
          .withBody(TestArchives.tarGzBytes(file("a.txt", "a")))));
      HttpArtifactFetcher fetcher = fetcher(Set.of(hostPort));

      // When / Then
      assertThatThrownBy(() -> fetcher.fetch(request(URI.create("https://" + hostPort + "/x.tar.gz"))))
          .isInstanceOf(PortException.class)
          .hasMessageStartingWith("cannot download https://" + hostPort + "/x.tar.gz: ");
      assertThat(sockets.connected).hasSize(1);
      verify(0, getRequestedFor(urlPathEqualTo("/x.tar.gz")));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private HttpArtifactFetcher fetcher(Set<String> hosts) {
    return new HttpArtifactFetcher(new FetchSettings(hosts, 1024 * 1024, Duration.ofSeconds(2),
        Duration.ofSeconds(10), 3, Optional.empty()), dns, sockets);
  }

  private static void redirectTo(String location) {
    stubFor(get(urlPathEqualTo("/start.tar.gz")).willReturn(aResponse().withStatus(302).withHeader("Location", location)));
  }

  private static PackageRequest request(URI url) {
    return PackageRequest.builder().name("demo").url(url).build();
  }

  /**
   * Counts the sockets the fetcher creates and records where each connects; it lets through only
   * connections to the loopback test server and fails every other, so no test leaves the machine.
   */
  private static final class RecordingSockets implements DetachedSocketFactory {
    final AtomicInteger created = new AtomicInteger();
    final List<InetSocketAddress> connected = Collections.synchronizedList(new ArrayList<>());
    volatile int allowedPort;

    @Override
    public Socket create(Proxy socksProxy) {
      created.incrementAndGet();
      return new Socket(Proxy.NO_PROXY) {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
          InetSocketAddress address = (InetSocketAddress) endpoint;
          connected.add(address);
          if (address.getPort() != allowedPort || !address.getAddress().isLoopbackAddress()) {
            throw new ConnectException("test: not leaving the machine for " + address);
          }
          super.connect(endpoint, timeout);
        }
      };
    }
  }

  /** A DNS stand-in: records every name looked up and answers from a table (first answer, then the next). */
  private static final class RecordingLookup implements NameLookup {
    final List<String> looked = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<InetAddress[]>> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> answered = Collections.synchronizedSet(new HashSet<>());

    void answer(String name, InetAddress... addresses) {
      answers.computeIfAbsent(name, n -> new ArrayList<>()).add(0, addresses);
    }

    void thenAnswer(String name, InetAddress... addresses) {
      answers.computeIfAbsent(name, n -> new ArrayList<>()).add(addresses);
    }

    @Override
    public InetAddress[] lookup(String host) throws UnknownHostException {
      looked.add(host);
      List<InetAddress[]> list = answers.get(host);
      if (list == null) {
        throw new UnknownHostException(host);
      }
      return answered.add(host) || list.size() == 1 ? list.get(0) : list.get(1);
    }
  }
}

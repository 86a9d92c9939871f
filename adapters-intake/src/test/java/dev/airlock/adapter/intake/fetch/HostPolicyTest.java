package dev.airlock.adapter.intake.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses count as public, and which URLs the allow-list lets through. */
class HostPolicyTest {

  @Nested
  @DisplayName("isPublic")
  class IsPublic {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "10.0.0.1, 10/8",
        "10.255.255.254, 10/8 top",
        "172.16.0.1, 172.16/12 bottom",
        "172.31.255.254, 172.16/12 top",
        "192.168.1.10, 192.168/16",
        "100.64.0.1, 100.64/10 CGNAT bottom",
        "100.127.255.254, 100.64/10 CGNAT top",
        "169.254.169.254, EC2 instance metadata",
        "169.254.170.2, ECS/CodeBuild credentials",
        "127.0.0.1, loopback",
        "127.1.2.3, 127/8",
        "0.0.0.0, unspecified",
        "0.1.2.3, this network",
        "224.0.0.1, multicast 224/4 bottom",
        "239.255.255.250, multicast 224/4 top",
        "255.255.255.255, broadcast"})
    void shouldNotCountAnIpv4AddressAsPublicWhenItIsInANonPublicRange(String address, String range)
        throws UnknownHostException {
      // Given
      InetAddress ip = InetAddress.getByAddress(ipv4(address));

      // When
      boolean isPublic = HostPolicy.isPublic(ip);

      // Then
      assertThat(isPublic).as(address + " is in " + range).isFalse();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "00000000000000000000000000000001, ::1 loopback",
        "00000000000000000000000000000000, :: unspecified",
        "fe800000000000000000000000000001, fe80::/10 link-local",
        "febf0000000000000000000000000001, fe80::/10 top",
        "fc000000000000000000000000000001, fc00::/7 unique-local",
        "fd123456000000000000000000000001, fd00::/8 unique-local",
        "ff020000000000000000000000000001, multicast",
        "00000000000000000000ffffa9fea9fe, ::ffff:169.254.169.254 mapped",
        "00000000000000000000ffff0a000001, ::ffff:10.0.0.1 mapped",
        "00000000000000000000ffff7f000001, ::ffff:127.0.0.1 mapped",
        "000000000000000000000000a9fea9fe, ::169.254.169.254 compatible"})
    void shouldNotCountAnIpv6AddressAsPublicWhenItIsInANonPublicRange(String hex, String range)
        throws UnknownHostException {
      // Given
      InetAddress ip = InetAddress.getByAddress(HexFormat.of().parseHex(hex));

      // When
      boolean isPublic = HostPolicy.isPublic(ip);

      // Then
      assertThat(isPublic).as(range).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "93.184.216.34, a public web server",
        "8.8.8.8, public DNS",
        "172.15.255.255, just below 172.16/12",
        "172.32.0.1, just above 172.16/12",
        "100.63.255.255, just below 100.64/10",
        "100.128.0.1, just above 100.64/10",
        "169.253.255.255, just below 169.254/16",
        "192.167.255.255, just below 192.168/16"})
    void shouldCountAnIpv4AddressAsPublicWhenItIsOutsideEveryReservedRange(String address, String what)
        throws UnknownHostException {
      // Given
      InetAddress ip = InetAddress.getByAddress(ipv4(address));

      // When
      boolean isPublic = HostPolicy.isPublic(ip);

      // Then
      assertThat(isPublic).as(address + ", " + what).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "26062800022000010248189325c81946, 2606:2800:220:1:248:1893:25c8:1946",
        "00000000000000000000ffff5db8d822, ::ffff:93.184.216.34 mapped public"})
    void shouldCountAnIpv6AddressAsPublicWhenItIsGlobal(String hex, String display) throws UnknownHostException {
      // Given
      InetAddress ip = InetAddress.getByAddress(HexFormat.of().parseHex(hex));

      // When
      boolean isPublic = HostPolicy.isPublic(ip);

      // Then
      assertThat(isPublic).as(display).isTrue();
    }
  }

  @Nested
  @DisplayName("check")
  class Check {

    @Test
    void shouldAllowPlainHttpWhenANamedLoopbackHostIsListedWithItsPort() {
      // Given
      HostPolicy policy = new HostPolicy(Set.of("localhost:8080"));

      // When / Then
      assertThatCode(() -> policy.check(URI.create("http://localhost:8080/x.tar.gz"))).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseTheNamedLoopbackHostWhenThePortDiffers() {
      // Given
      HostPolicy policy = new HostPolicy(Set.of("localhost:8080"));

      // When / Then
      assertThatThrownBy(() -> policy.check(URI.create("http://localhost:8081/x.tar.gz")))
          .isInstanceOf(RefusedUrlException.class)
          .hasMessage("host localhost is not in the allow-list");
    }

    @Test
    void shouldRefusePlainHttpWhenAListedHostPortIsNotLoopback() {
      // Given
      HostPolicy policy = new HostPolicy(Set.of("mirror.example:8080"));

      // When / Then
      assertThatThrownBy(() -> policy.check(URI.create("http://mirror.example:8080/x.tar.gz")))
          .isInstanceOf(RefusedUrlException.class)
          .hasMessage("plain http is refused for mirror.example; use https");
    }

    @Test
    void shouldAllowTheHostWhenItsEntryDiffersOnlyInCaseAndSpaces() {
      // Given
      HostPolicy policy = new HostPolicy(Set.of("  LocalHost:8080 "));

      // When / Then
      assertThatCode(() -> policy.check(URI.create("http://LOCALHOST:8080/x.tar.gz"))).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseWhenTheUrlHasNoHost() {
      // Given
      HostPolicy policy = new HostPolicy(Set.of("github.com"));

      // When / Then
      assertThatThrownBy(() -> policy.check(URI.create("https:///x.tar.gz")))
          .isInstanceOf(RefusedUrlException.class)
          .hasMessageStartingWith("URL has no host");
    }
  }

  private static byte[] ipv4(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return bytes;
  }
}

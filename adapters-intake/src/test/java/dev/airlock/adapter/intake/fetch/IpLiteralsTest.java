package dev.airlock.adapter.intake.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which host names are addresses, and which numeric spellings are refused outright. */
class IpLiteralsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"files.pythonhosted.org", "1e100.net", "0x.example", "123.example", "localhost"})
  void shouldLeaveAHostToDnsWhenItIsAName(String host) throws Exception {
    // When
    Optional<InetAddress> address = IpLiterals.parse(host);

    // Then
    assertThat(address).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"93.184.216.34, 93.184.216.34", "[2606:2800:220:1::1], 2606:2800:220:1:0:0:0:1",
      "0.0.0.0, 0.0.0.0", "255.255.255.255, 255.255.255.255"})
  void shouldReadTheAddressWhenItIsWrittenTheStandardWay(String host, String expected) throws Exception {
    // When
    Optional<InetAddress> address = IpLiterals.parse(host);

    // Then
    assertThat(address).map(InetAddress::getHostAddress).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2852039166, (169.254.169.254)", "0xA9FEA9FE, (169.254.169.254)", "0x5db8d822, (93.184.216.34)",
      "93.184.55330, (93.184.216.34)", "0251.0376.0251.0376, (169.254.169.254)", "1.2.3.4., (1.2.3.4)",
      "4294967296, 'non-standard spelling; refused'", "256.1.1.1, 'non-standard spelling; refused'",
      "09.1.1.1, 'non-standard spelling; refused'"})
  void shouldRefuseEveryOtherNumericSpellingWhateverItDecodesTo(String host, String shown) {
    // When / Then
    assertThatThrownBy(() -> IpLiterals.parse(host))
        .isInstanceOf(RefusedAddressException.class)
        .hasMessageStartingWith("host " + host + " is an IP address in a non-standard spelling")
        .hasMessageContaining(shown);
  }
}

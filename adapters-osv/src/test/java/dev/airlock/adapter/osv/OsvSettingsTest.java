package dev.airlock.adapter.osv;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which OSV API addresses the scanner may be pointed at. */
class OsvSettingsTest {

  private static OsvSettings at(String url) {
    return OsvSettings.defaults(URI.create(url));
  }

  @Test
  void shouldAllowOsvsOwnHostWhenNothingIsListed() {
    assertThatCode(() -> at("https://api.osv.dev").checkAllowed(Set.of())).doesNotThrowAnyException();
  }

  @Test
  void shouldAllowAMirrorWhenItsHostIsListed() {
    assertThatCode(() -> at("https://osv.mirror.example.com/api").checkAllowed(Set.of("osv.mirror.example.com")))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAHostWhenItIsNotListed() {
    assertThatThrownBy(() -> at("https://osv.mirror.example.com").checkAllowed(Set.of("pypi.org")))
        .hasMessageContaining("OSV API host osv.mirror.example.com is not in the allow-list");
  }

  @Test
  void shouldAllowPlainHttpWhenALoopbackHostIsListedWithItsPort() {
    assertThatCode(() -> at("http://localhost:8089").checkAllowed(Set.of("localhost:8089")))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRefusePlainHttpWhenTheHostIsNotLoopback() {
    assertThatThrownBy(() -> at("http://osv.mirror.example.com").checkAllowed(Set.of("osv.mirror.example.com")))
        .hasMessageContaining("uses plain http");
  }

  @Test
  void shouldRefusePlainHttpWhenTheLoopbackHostIsListedWithoutItsPort() {
    assertThatThrownBy(() -> at("http://127.0.0.1:8089").checkAllowed(Set.of("127.0.0.1")))
        .hasMessageContaining("uses plain http");
  }

  @Test
  void shouldRefuseAUrlWhenItCarriesCredentialsOrAQuery() {
    assertThatThrownBy(() -> at("https://user:pw@api.osv.dev")).hasMessageContaining("no user, query or fragment");
    assertThatThrownBy(() -> at("https://api.osv.dev/?x=1")).hasMessageContaining("no user, query or fragment");
    assertThatThrownBy(() -> at("ftp://api.osv.dev")).hasMessageContaining("must be https");
  }
}

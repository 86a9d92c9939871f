package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.domain.LicencePolicy.Standing;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LicencePolicy and SpdxExpression")
class LicencePolicyTest {
  private final LicencePolicy denyCopyleft = LicencePolicy.builder().addDeny("GPL-*", "AGPL-*").build();
  private final LicencePolicy permissive = LicencePolicy.builder().addAllow("MIT", "Apache-2.0").build();

  private Standing judge(LicencePolicy policy, String expression) {
    return policy.judge(SpdxExpression.parse(expression).orElseThrow()).standing();
  }

  @Test
  void shouldParseOperatorsWithAndBindingTighterThanOr() {
    SpdxExpression e = SpdxExpression.parse("MIT OR Apache-2.0 AND (GPL-2.0+ WITH Classpath-exception-2.0)")
        .orElseThrow();

    assertThat(e).isInstanceOf(SpdxExpression.AnyOf.class);
    assertThat(e.ids()).containsExactly("MIT", "Apache-2.0", "GPL-2.0+");
  }

  @Test
  void shouldNotParseFreeTextWhenItIsNoExpression() {
    assertThat(SpdxExpression.parse("BSD License, see LICENSE.txt")).isEmpty();
    assertThat(SpdxExpression.parse("MIT AND")).isEmpty();
    assertThat(SpdxExpression.parse("(MIT")).isEmpty();
    assertThat(SpdxExpression.parse("")).isEmpty();
  }

  @Test
  void shouldDenyByPrefixAndCountAPlusAsOrLater() {
    assertThat(judge(denyCopyleft, "GPL-3.0-only")).isEqualTo(Standing.DENIED);
    assertThat(judge(denyCopyleft, "gpl-2.0+")).isEqualTo(Standing.DENIED);
    assertThat(judge(denyCopyleft, "LGPL-3.0-only")).isEqualTo(Standing.ALLOWED);
    assertThat(judge(LicencePolicy.builder().addDeny("GPL-2.0-or-later").build(), "GPL-2.0+"))
        .isEqualTo(Standing.DENIED);
  }

  @Test
  void shouldPassAChoiceWhenOneSidePassesAndAConjunctionOnlyWhenAllDo() {
    assertThat(judge(denyCopyleft, "GPL-3.0-only OR MIT")).isEqualTo(Standing.ALLOWED);
    assertThat(judge(denyCopyleft, "GPL-3.0-only AND MIT")).isEqualTo(Standing.DENIED);
    assertThat(judge(permissive, "MIT AND BSD-3-Clause")).isEqualTo(Standing.NOT_ALLOWED);
    assertThat(permissive.judge(SpdxExpression.parse("MIT AND BSD-3-Clause").orElseThrow()).ids())
        .isEqualTo(List.of("BSD-3-Clause"));
  }

  @Test
  void shouldReadTheLicenceFromClassifiersWhenNoExpressionIsDeclared() {
    CoreMetadata metadata = CoreMetadata.parse("""
        Metadata-Version: 2.1
        Name: old-lib
        Version: 1.0
        License: GNU GPL, see COPYING
        Classifier: License :: OSI Approved :: GNU General Public License v3 (GPLv3)
        Classifier: Development Status :: 7 - Inactive
        """, "PKG-INFO");

    assertThat(DeclaredLicence.of(metadata)).contains("GPL-3.0-only");
    assertThat(DeclaredLicence.deprecation(metadata)).isPresent();
  }
}

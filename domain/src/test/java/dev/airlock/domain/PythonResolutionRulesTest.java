package dev.airlock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PythonResolutionRulesTest {

  @Nested
  @DisplayName("PEP 440 ordering and specifiers")
  class Versions {
    @Test
    void shouldOrderVersionsAsPipDoes() {
      List<String> sorted = List.of("1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0b1", "1.0rc1", "1.0", "1.0+local",
          "1.0.post1.dev1", "1.0.post1", "1.1", "1!0.1");
      for (int i = 0; i + 1 < sorted.size(); i++) {
        assertThat(PythonVersion.of(sorted.get(i))).as(sorted.get(i) + " < " + sorted.get(i + 1))
            .isLessThan(PythonVersion.of(sorted.get(i + 1)));
      }
      assertThat(PythonVersion.of("1.0")).isEqualTo(PythonVersion.of("1.0.0"))
          .hasSameHashCodeAs(PythonVersion.of("1.0.0"));
    }

    @Test
    void shouldMatchSpecifiersWhenClausesCombine() {
      PythonSpecifier spec = PythonSpecifier.parse(">=1.2,<2,!=1.5.*");
      assertThat(spec.contains("1.2")).isTrue();
      assertThat(spec.contains("1.5.3")).isFalse();
      assertThat(spec.contains("1.9.9")).isTrue();
      assertThat(spec.contains("2.0")).isFalse();
      assertThat(spec.contains("2.0rc1")).as("< excludes pre-releases of the bound").isFalse();
      assertThat(PythonSpecifier.parse("~=2.2").contains("2.9")).isTrue();
      assertThat(PythonSpecifier.parse("~=2.2").contains("3.0")).isFalse();
      assertThat(PythonSpecifier.parse("~=1.4.5").contains("1.5.0")).isFalse();
      assertThat(PythonSpecifier.parse("==1.0").contains("1.0+cpu")).isTrue();
      assertThat(PythonSpecifier.parse(">1.7").contains("1.7.post1")).isFalse();
    }

    @Test
    void shouldRefuseWhenSpecifierIsMalformed() {
      assertThatThrownBy(() -> PythonSpecifier.parse(">=1.0,banana")).hasMessageContaining("banana");
      assertThatThrownBy(() -> PythonSpecifier.parse(">=1.*")).hasMessageContaining(".* suffix");
    }
  }

  @Nested
  @DisplayName("PEP 508 requirements and markers")
  class Requirements {
    private final PythonTarget target = PythonTarget.SAGEMAKER_STUDIO;

    @Test
    void shouldReadNameExtrasSpecifierAndMarker() {
      PythonRequirement r = PythonRequirement.parse("Leaf_Pkg[Fast, cli] (>=1.0,<2) ; python_version < \"3.12\"");
      assertThat(r.normalisedName()).isEqualTo("leaf-pkg");
      assertThat(r.extras()).containsExactlyInAnyOrder("fast", "cli");
      assertThat(r.specifier().contains("1.5")).isTrue();
      assertThat(r.appliesTo(target, Set.of())).isTrue();
    }

    @Test
    void shouldExcludeDependencyWhenMarkerDoesNotHoldForTarget() {
      assertThat(PythonRequirement.parse("pywin32>=300; sys_platform == 'win32'").appliesTo(target, Set.of()))
          .isFalse();
      assertThat(PythonRequirement.parse("tomli; python_version < '3.11'").appliesTo(target, Set.of())).isFalse();
      assertThat(PythonRequirement.parse("x; python_version >= '3.9' and (platform_machine == 'x86_64' or "
          + "platform_machine == 'aarch64')").appliesTo(target, Set.of())).isTrue();
      assertThat(PythonRequirement.parse("x; 'linux' in sys_platform").appliesTo(target, Set.of())).isTrue();
    }

    @Test
    void shouldApplyExtraDependencyOnlyWhenExtraIsAsked() {
      PythonRequirement r = PythonRequirement.parse("openpyxl>=3; extra == 'Excel'");
      assertThat(r.appliesTo(target, Set.of())).isFalse();
      assertThat(r.appliesTo(target, Set.of("excel"))).isTrue();
    }

    @Test
    void shouldKeepDirectUrlSoItCanBeRefused() {
      assertThat(PythonRequirement.parse("pkg @ https://example.com/pkg.whl").url())
          .contains("https://example.com/pkg.whl");
    }

    @Test
    void shouldNameUnknownVariableWhenMarkerIsWrong() {
      assertThatThrownBy(() -> PythonRequirement.parse("x; pyton_version < '3'"))
          .hasMessageContaining("unknown variable 'pyton_version'");
    }
  }

  @Nested
  @DisplayName("wheel tags of the target")
  class Tags {
    @Test
    void shouldPreferSpecificWheelWhenSeveralInstall() {
      PythonTarget target = PythonTarget.SAGEMAKER_STUDIO;
      var cp311 = PythonFileNames.parseWheel("numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
          .orElseThrow();
      var pure = PythonFileNames.parseWheel("six-1.16.0-py2.py3-none-any.whl").orElseThrow();
      var abi3 = PythonFileNames.parseWheel("cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl").orElseThrow();
      assertThat(target.rank(cp311)).isPresent();
      assertThat(target.rank(abi3)).isPresent();
      assertThat(target.rank(pure)).isPresent();
      assertThat(target.rank(cp311).getAsInt()).isLessThan(target.rank(pure).getAsInt());
    }

    @Test
    void shouldRejectWheelWhenPlatformOrPythonDiffers() {
      PythonTarget target = PythonTarget.SAGEMAKER_STUDIO;
      assertThat(target.rank(PythonFileNames.parseWheel("numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl")
          .orElseThrow())).isEmpty();
      assertThat(target.rank(PythonFileNames.parseWheel("numpy-2.1.0-cp311-cp311-win_amd64.whl").orElseThrow()))
          .isEmpty();
      assertThat(target.rank(PythonFileNames.parseWheel("x-1-cp311-cp311-manylinux_2_39_x86_64.whl").orElseThrow()))
          .as("newer glibc than the target's").isEmpty();
      assertThat(target.allowsPython(java.util.Optional.of(">=3.12"))).isFalse();
    }
  }

  @Nested
  @DisplayName("release rows in the request file")
  class Rows {
    @Test
    void shouldReadReleaseRowsBesideUrlRows() {
      ParsedRequestFile parsed = new RequestFileParser().parse("""
          requests,https://files.pythonhosted.org/packages/requests-2.31.0.tar.gz
          pandas[excel]==2.2.3
          npm:lodash@4.17.21
          npm:@types/node@20.1.0
          """);
      assertThat(parsed.errors()).isEmpty();
      assertThat(parsed.requests()).hasSize(1);
      assertThat(parsed.releases()).extracting(ReleaseRequest::spec)
          .containsExactly("pandas[excel]==2.2.3", "npm:lodash@4.17.21", "npm:@types/node@20.1.0");
      assertThat(parsed.releases().get(2).name()).isEqualTo("@types/node");
      assertThat(parsed.releases().get(0).line()).hasValue(2);
    }

    @Test
    void shouldNameLineAndColumnWhenReleaseRowIsWrong() {
      ParsedRequestFile parsed = new RequestFileParser().parse("""
          pandas>=2.2
            npm:lodash@^4.17.0
          numpy==two
          """);
      assertThat(parsed.releases()).isEmpty();
      assertThat(parsed.errors()).extracting(RowError::toString).containsExactly(
          "line 1: column 7: pin one release with ==, e.g. pandas==2.2.3",
          "line 2: column 14: '^4.17.0' is not an exact version; pin one, e.g. npm:lodash@1.2.3",
          "line 3: column 8: 'two' is not one exact PEP 440 version");
    }

    @Test
    void shouldRefuseBothRowsWhenSameProjectIsPinnedTwice() {
      ParsedRequestFile parsed = new RequestFileParser().parse("pandas==2.2.3\nPandas==2.2.2\n");
      assertThat(parsed.releases()).isEmpty();
      assertThat(parsed.errors()).hasSize(2);
    }
  }
}

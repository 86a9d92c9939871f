package dev.airlock.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.airlock.configuration.Setting.Command;
import dev.airlock.configuration.Setting.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalogue's own rules: every name spelled once, every topic used, and bad entries refused. */
class CatalogueTest {

  @Test
  void shouldSpellEveryOptionAndVariableOnce() {
    List<Setting> all = Catalogue.all();

    assertThat(all.stream().map(Setting::variable)).doesNotHaveDuplicates();
    assertThat(all.stream().flatMap(s -> s.option().stream())).doesNotHaveDuplicates();
    assertThat(Catalogue.variables()).hasSize(all.size()).allMatch(v -> v.startsWith("AIRLOCK_"));
  }

  @Test
  void shouldUseEveryTopicWhenListingTheSettingsOfRun() {
    Set<Topic> topics = Catalogue.of(Command.RUN).stream().map(Setting::topic).collect(Collectors.toSet());

    assertThat(topics).containsExactlyInAnyOrder(Topic.values());
  }

  @Test
  void shouldFindASettingByItsOptionAndByItsVariable() {
    assertThat(Catalogue.byOption("--allow-host")).contains(Catalogue.ALLOW_HOST);
    assertThat(Catalogue.byVariable("AIRLOCK_ALLOWED_HOSTS")).contains(Catalogue.ALLOW_HOST);
    assertThat(Catalogue.byOption("--allow-hosts")).isEmpty();
  }

  @Test
  void shouldGivePolicyCheckOnlyTheFormat() {
    assertThat(Catalogue.of(Command.POLICY_CHECK)).containsExactly(Catalogue.FORMAT);
  }

  @Test
  void shouldDescribeWhereAValueComesFrom() {
    assertThat(Catalogue.SCANNERS.optionOrVariable()).isEqualTo("--scanners (or AIRLOCK_SCANNERS)");
    assertThat(Catalogue.LOG_FORMAT.optionOrVariable()).isEqualTo("AIRLOCK_LOG_FORMAT");
    assertThat(Catalogue.SOURCE.label()).isEqualTo("file|github");
    assertThat(Catalogue.SCAN_TIMEOUT.describedDefault()).contains("30m");
  }

  @Test
  void shouldRefuseAChoiceWithoutChoicesAndAVariableOutsideTheAirlockPrefix() {
    assertThatIllegalStateException().isThrownBy(() -> Setting.builder().option("--colour")
            .variable("AIRLOCK_COLOUR").kind(Kind.CHOICE).help("colours").topic(Topic.OUTPUT)
            .addCommands(Command.RUN).build())
        .withMessageContaining("choices are for CHOICE and CHOICES settings only");
    assertThatIllegalStateException().isThrownBy(() -> Setting.builder().option("--colour")
            .variable("COLOUR").kind(Kind.FLAG).help("colours").topic(Topic.OUTPUT).addCommands(Command.RUN).build())
        .withMessageContaining("is not AIRLOCK_UPPER_CASE");
  }

  @Test
  void shouldRefuseASecretAsAnOption() {
    assertThatIllegalStateException().isThrownBy(() -> Setting.builder().option("--github-token")
            .variable("AIRLOCK_GITHUB_TOKEN").kind(Kind.SECRET).help("token").topic(Topic.SOURCES)
            .addCommands(Command.RUN).build())
        .withMessageContaining("a secret is never an option");
  }

  @Test
  void shouldListEveryKindSomewhere() {
    Set<Kind> used = Catalogue.all().stream().map(Setting::kind).collect(Collectors.toSet());

    assertThat(used).containsAll(Arrays.asList(Kind.values()));
  }
}

package dev.airlock.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README and the catalogue name the same settings: none undocumented, none documented that Airlock does not read. */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");
  /** Read by bin/airlock, the shell launcher, not by the CLI. */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of("AIRLOCK_JAR", "AIRLOCK_JAVA_OPTS", "AIRLOCK_LAUNCHER_DEBUG", "AIRLOCK_JAVA_CANDIDATES");
  /** {@code AIRLOCK_*} and {@code AIRLOCK_CODEARTIFACT_*}: families, not names. */
  private static final Set<String> FAMILIES = Set.of("AIRLOCK_", "AIRLOCK_CODEARTIFACT_");

  @Test
  void shouldDocumentEveryOptionAndVariableOfTheCatalogue() throws IOException {
    String readme = Files.readString(README);

    for (Setting setting : Catalogue.all()) {
      assertThat(readme).as("the README names %s", setting.variable()).contains("`" + setting.variable());
      setting.option().ifPresent(option ->
          assertThat(readme).as("the README names %s", option).contains("`" + option + "`"));
    }
  }

  @Test
  void shouldNameOnlyVariablesAirlockReadsWhenTheReadmeSpellsOneOut() throws IOException {
    Matcher names = Pattern.compile("AIRLOCK_[A-Z0-9_]*").matcher(Files.readString(README));
    Set<String> unknown = new TreeSet<>();
    while (names.find()) {
      String name = names.group();
      if (Catalogue.byVariable(name).isEmpty() && !LAUNCHER_VARIABLES.contains(name) && !FAMILIES.contains(name)) {
        unknown.add(name);
      }
    }

    assertThat(unknown).as("AIRLOCK_* names in the README that no setting has").isEmpty();
  }
}

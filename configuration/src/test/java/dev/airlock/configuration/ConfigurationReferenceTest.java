package dev.airlock.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference (docs/configuration.md) and the catalogue name the same settings: none
 * missing from its option table, and no page of the documentation names a variable Airlock does not read.
 */
class ConfigurationReferenceTest {
  private static final Path ROOT = Path.of("..");
  private static final Path REFERENCE = ROOT.resolve("docs").resolve("configuration.md");
  /** Read by bin/airlock, the shell launcher, not by the CLI. */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of("AIRLOCK_JAR", "AIRLOCK_JAVA_OPTS", "AIRLOCK_LAUNCHER_DEBUG", "AIRLOCK_JAVA_CANDIDATES");
  /** {@code AIRLOCK_*} and {@code AIRLOCK_CODEARTIFACT_*}: families, not names. */
  private static final Set<String> FAMILIES = Set.of("AIRLOCK_", "AIRLOCK_CODEARTIFACT_");

  @Test
  void shouldListEveryOptionAndVariableOfTheCatalogueInTheOptionTable() throws IOException {
    // Given: the rows of the reference's tables
    String rows = Files.readAllLines(REFERENCE).stream()
        .filter(line -> line.startsWith("|"))
        .collect(Collectors.joining("\n"));

    // Then
    for (Setting setting : Catalogue.all()) {
      assertThat(rows).as("the option table names %s", setting.variable()).contains("`" + setting.variable() + "`");
      setting.option().ifPresent(option ->
          assertThat(rows).as("the option table names %s", option).contains("`" + option + "`"));
    }
  }

  @Test
  void shouldNameOnlyVariablesAirlockReadsWhenAPageSpellsOneOut() {
    // Given: the README, every page under docs/ and the libraries' READMEs
    List<Path> pages = pages();
    assertThat(pages).contains(ROOT.resolve("README.md"), REFERENCE);

    // When
    Set<String> unknown = new TreeSet<>();
    for (Path page : pages) {
      Matcher names = Pattern.compile("AIRLOCK_[A-Z0-9_]*").matcher(read(page));
      while (names.find()) {
        String name = names.group();
        if (Catalogue.byVariable(name).isEmpty() && !LAUNCHER_VARIABLES.contains(name) && !FAMILIES.contains(name)) {
          unknown.add(ROOT.relativize(page) + ": " + name);
        }
      }
    }

    // Then
    assertThat(unknown).as("AIRLOCK_* names in the documentation that no setting has").isEmpty();
  }

  private static List<Path> pages() {
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"));
        Stream<Path> modules = Files.list(ROOT)) {
      return Stream.concat(
              Stream.concat(Stream.of(ROOT.resolve("README.md")), docs.filter(p -> p.toString().endsWith(".md"))),
              modules.map(module -> module.resolve("README.md")).filter(Files::isRegularFile)
                  .filter(p -> !p.equals(ROOT.resolve("README.md"))))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path page) {
    try {
      return Files.readString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

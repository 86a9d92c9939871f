package dev.airlock.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.bootstrap.Console;
import dev.airlock.configuration.Catalogue;
import dev.airlock.configuration.Setting;
import dev.airlock.configuration.Setting.Command;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The CLI reads every variable of the catalogue: for each setting, a value set only in its variable
 * reaches the parsed command (and a value on the command line wins over it).
 */
class CatalogueOptionsTest {

  static List<Setting> runSettings() {
    return Catalogue.of(Command.RUN);
  }

  static List<Setting> scanSettings() {
    return Catalogue.of(Command.SCAN);
  }

  /** The run options that take a value (not flags, not variables without an option). */
  static List<Setting> runOptionsWithValues() {
    return runSettings().stream().filter(s -> s.option().isPresent() && s.kind() != Setting.Kind.FLAG).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runSettings")
  void shouldReadTheValueOfEachRunSettingFromItsVariable(Setting setting) {
    String value = sample(setting);

    Values values = parse(Map.of(setting.variable(), value), "run", "requests.csv");

    assertRead(values, setting, value);
    assertThat(values.where(setting)).isEqualTo(setting.variable());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scanSettings")
  void shouldReadTheValueOfEachScanSettingFromItsVariable(Setting setting) {
    String value = sample(setting);

    Values values = parse(Map.of(setting.variable(), value), "scan", "archive.tar.gz");

    assertRead(values, setting, value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runOptionsWithValues")
  void shouldPreferTheOptionToTheVariableWhenBothAreGiven(Setting setting) {
    String value = sample(setting);

    Values values = parse(Map.of(setting.variable(), "from-the-environment"), "run", "requests.csv",
        setting.option().get(), value);

    assertThat(values.text(setting)).contains(value);
    assertThat(values.where(setting)).isEqualTo(setting.option().get());
  }

  private static void assertRead(Values values, Setting setting, String value) {
    if (setting.kind() == Setting.Kind.FLAG) {
      assertThat(values.flag(setting)).as(setting.variable()).isTrue();
    } else {
      assertThat(values.text(setting)).as(setting.variable()).contains(value);
    }
  }

  /** A valid value other than the default, so reading the default cannot pass for reading the variable. */
  private static String sample(Setting setting) {
    return switch (setting.kind()) {
      case CHOICE, CHOICES -> setting.choices().stream().filter(c -> !setting.defaultValue().orElse("").equals(c))
          .findFirst().orElseThrow();
      case DURATION -> "17m";
      case SIZE -> "3MiB";
      case COUNT -> "3";
      case FLAG -> "true";
      case PATH -> "some/where";
      case LIST -> "a.example,b.example";
      case TEXT, SECRET -> "sample-" + setting.variable().toLowerCase();
    };
  }

  private static Values parse(Map<String, String> environment, String... args) {
    StringWriter sink = new StringWriter();
    Console console = new Console(new PrintWriter(sink), new PrintWriter(sink));
    CliContext context = new CliContext(console, Clock.systemUTC(), "run-1", environment, false);
    CommandLine root = Cli.commandLine(context, () -> {});
    CommandLine.ParseResult parsed = root.parseArgs(args);
    CommandLine command = parsed.subcommand().commandSpec().commandLine();
    return new Values(command.getCommandSpec(), environment);
  }
}

package dev.airlock.bootstrap.cli;

import dev.airlock.configuration.Catalogue;
import dev.airlock.configuration.Setting;
import dev.airlock.configuration.Setting.Command;
import dev.airlock.configuration.Setting.Kind;
import dev.airlock.configuration.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The catalogue's settings as picocli options: one option per setting a command takes, each falling
 * back to its {@code AIRLOCK_*} variable (then the catalogue's default), and a help page that lists
 * them by topic with the variable beside each option.
 */
final class CatalogueOptions {
  private static final int INDENT = 6;

  private CatalogueOptions() {}

  /** Adds {@code command}'s settings to {@code spec} as options, and their help section. */
  static void addTo(CommandLine commandLine, Command command) {
    CommandSpec spec = commandLine.getCommandSpec();
    for (Setting setting : Catalogue.of(command)) {
      if (setting.option().isEmpty()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      setting.shortOption().ifPresent(names::add);
      names.add(setting.option().get());
      OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
          .description(setting.help())
          .paramLabel(setting.label());
      if (setting.kind() == Kind.FLAG) {
        option.type(boolean.class).arity("0..1");
      } else {
        option.type(String.class).arity("1");
      }
      spec.addOption(option.build());
    }
    commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
        help -> "");
    spec.usageMessage().parameterListHeading("%n");
    commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
        help -> optionList(help, command));
  }

  /** The value an option takes when it is not given: its variable's (or a fallback's), else the catalogue default. */
  static CommandLine.IDefaultValueProvider defaults(Map<String, String> environment) {
    return (ArgSpec arg) -> {
      if (!(arg instanceof OptionSpec option)) {
        return arg.defaultValue();
      }
      Optional<Setting> setting = Catalogue.byOption(option.longestName());
      if (setting.isEmpty()) {
        return option.defaultValue();
      }
      if (setting.get().kind() == Kind.FLAG) {
        // read and checked by Values.flag, so a bad AIRLOCK_* value is reported under its own name
        return null;
      }
      List<String> variables = new ArrayList<>();
      variables.add(setting.get().variable());
      variables.addAll(setting.get().fallbackVariables());
      for (String variable : variables) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
          return value;
        }
      }
      return setting.get().defaultValue().orElse(null);
    };
  }

  /** The options section: positional parameters, then each topic's settings, then help and version. */
  private static String optionList(Help help, Command command) {
    CommandSpec spec = help.commandSpec();
    int width = spec.usageMessage().width();
    StringBuilder text = new StringBuilder();
    for (Topic topic : Topic.values()) {
      List<Setting> settings = Catalogue.of(command).stream().filter(s -> s.topic() == topic).toList();
      if (settings.isEmpty()) {
        continue;
      }
      text.append('\n').append(topic.heading()).append('\n');
      for (Setting setting : settings) {
        String left = "  " + synopsis(setting);
        String right = setting.variable();
        int gap = Math.max(2, width - left.length() - right.length());
        text.append(left).append(" ".repeat(gap)).append(right).append('\n');
        String described = setting.help()
            + (setting.kind() == Kind.CHOICES ? " Comma-separated: " + String.join(", ", setting.choices()) + "." : "")
            + (setting.kind() == Kind.FLAG ? "" : setting.describedDefault().map(d -> " Default: " + d + ".").orElse(""))
            + (setting.fallbackVariables().isEmpty() ? ""
                : " Also read from " + String.join(", then ", setting.fallbackVariables()) + ".");
        wrap(text, described, width);
      }
    }
    text.append('\n').append("Other").append('\n');
    for (OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        text.append("  ").append(String.join(", ", option.names())).append('\n');
        wrap(text, String.join(" ", option.description()), width);
      }
    }
    text.append('\n').append(wrapped("Each option can be set instead by the variable on its right; an option "
        + "given on the command line wins. Durations: 30m, 24h, 7d, 1h30m or ISO-8601 (PT30M). Sizes: bytes, "
        + "or with KiB, MiB, GiB.", width, 0));
    return text.toString();
  }

  private static String synopsis(Setting setting) {
    String names = setting.option().map(o -> setting.shortOption().map(s -> s + ", ").orElse("") + o)
        .orElse("(environment only)");
    return setting.kind() == Kind.FLAG || setting.option().isEmpty() ? names : names + "=" + setting.label();
  }

  private static void wrap(StringBuilder text, String words, int width) {
    text.append(wrapped(words, width, INDENT));
  }

  private static String wrapped(String words, int width, int indent) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(" ".repeat(indent));
    for (String word : words.split("\\s+", 0)) {
      if (line.length() > indent && line.length() + 1 + word.length() > width) {
        out.append(line.toString().stripTrailing()).append('\n');
        line = new StringBuilder(" ".repeat(indent));
      }
      if (line.length() > indent) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > indent) {
      out.append(line).append('\n');
    }
    return out.toString();
  }
}

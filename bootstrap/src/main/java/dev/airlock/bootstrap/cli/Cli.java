package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.config.ConfigurationException;
import dev.airlock.bootstrap.config.ServiceUnavailableException;
import dev.airlock.bootstrap.config.Suggestions;
import dev.airlock.configuration.Setting.Command;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Builds the picocli command tree (options from the configuration catalogue) and maps every outcome
 * to the exit codes of docs/configuration.md. A usage error prints its cause in one line, what was
 * probably meant, and where the command's help is; never the whole usage.
 */
public final class Cli {
  private Cli() {}

  /**
   * Runs {@code airlock} with {@code args}; never calls {@code System.exit}. {@code startLogging} runs
   * before a command does its work, not for help, {@code --version} or a usage error.
   */
  public static int execute(String[] args, Map<String, String> environment, Console console, Clock clock,
      String runId, boolean terminal, Runnable startLogging) {
    CliContext context = new CliContext(console, clock, runId, Map.copyOf(environment), terminal);
    int code = commandLine(context, startLogging, named(args)).execute(args);
    console.out().flush();
    console.err().flush();
    return code;
  }

  /** The command tree with every command's options, ready to execute. */
  static CommandLine commandLine(CliContext context, Runnable startLogging) {
    return commandLine(context, startLogging, null);
  }

  /**
   * The command tree: {@code run}, {@code check}, {@code scan}, {@code reevaluate}, {@code policy check}
   * and {@code help}. Only the commands {@code named} get their options from the catalogue (all when
   * null): the others are only listed, which keeps {@code --version}, help and usage errors fast.
   */
  static CommandLine commandLine(CliContext context, Runnable startLogging, Set<String> named) {
    CommandLine run = withOptions(new CommandLine(new RunCommand(context)), Command.RUN, named);
    CommandLine check = withOptions(new CommandLine(new CheckCommand(context)), Command.CHECK, named);
    CommandLine scan = withOptions(new CommandLine(new ScanCommand(context)), Command.SCAN, named);
    CommandLine reevaluate = withOptions(new CommandLine(new ReevaluateCommand(context)), Command.REEVALUATE, named);
    CommandLine policyCheck = withOptions(new CommandLine(new PolicyCommand.Check(context)), Command.POLICY_CHECK,
        named == null ? null : named.contains("policy") ? Set.of("check") : Set.of());
    return new CommandLine(new AirlockCommand())
        .addSubcommand(run)
        .addSubcommand(check)
        .addSubcommand(scan)
        .addSubcommand(reevaluate)
        .addSubcommand(new CommandLine(new PolicyCommand()).addSubcommand(policyCheck))
        .addSubcommand("help", new CommandLine.HelpCommand())
        .setOut(context.console().out())
        .setErr(context.console().err())
        // picocli hands these settings down to every subcommand registered above, nested ones too.
        .setDefaultValueProvider(CatalogueOptions.defaults(context.environment()))
        .setParameterExceptionHandler(Cli::usageError)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof ConfigurationException problem) {
            err.println("airlock: " + problem.getMessage());
            if (problem.pointsAtHelp()) {
              err.println(seeHelp(cmd));
            }
            err.flush();
            return ExitCodes.USAGE;
          }
          if (e instanceof ServiceUnavailableException unavailable) {
            err.println("airlock: " + unavailable.getMessage());
            err.flush();
            return ExitCodes.ERROR;
          }
          err.println("airlock: unexpected failure: " + e);
          err.flush();
          return ExitCodes.ERROR;
        })
        .setExecutionStrategy(parsed -> {
          Integer help = CommandLine.executeHelpRequest(parsed);
          if (help != null) {
            return help;
          }
          startLogging.run();
          return new CommandLine.RunLast().execute(parsed);
        });
  }

  private static CommandLine withOptions(CommandLine command, Command kind, Set<String> named) {
    if (named == null || named.contains(command.getCommandName())) {
      CatalogueOptions.addTo(command, kind);
    }
    return command;
  }

  /** The commands {@code args} name: the first word that is not an option, and the next one after {@code help}. */
  static Set<String> named(String[] args) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("-")) {
        names.add(args[i]);
        if (args[i].equals("help")) {
          for (int j = i + 1; j < args.length; j++) {
            if (!args[j].startsWith("-")) {
              names.add(args[j]);
              break;
            }
          }
        }
        break;
      }
    }
    return names;
  }

  /** One line saying what is wrong, what was probably meant, and where the help is. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("airlock: " + cause(e));
    err.println(seeHelp(cmd));
    err.flush();
    return ExitCodes.USAGE;
  }

  private static String cause(ParameterException e) {
    CommandLine cmd = e.getCommandLine();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String first = unmatched.getUnmatched().get(0);
      if (first.startsWith("-")) {
        String option = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
        List<String> known = new ArrayList<>();
        cmd.getCommandSpec().options().forEach(o -> known.addAll(Arrays.asList(o.names())));
        return join("unknown option '" + option + "'", Suggestions.didYouMean(option, known));
      }
      if (!cmd.getSubcommands().isEmpty()) {
        return join("unknown command '" + first + "'", Suggestions.didYouMean(first, cmd.getSubcommands().keySet()));
      }
      return "unexpected argument '" + first + "'";
    }
    if (e instanceof CommandLine.MissingParameterException missing) {
      return "missing " + missing.getMissing().stream().map(Cli::describe).collect(Collectors.joining(", "));
    }
    String message = e.getMessage();
    return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  private static String describe(ArgSpec arg) {
    String name = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    String description = String.join(" ", arg.description()).replaceAll("\\.$", "");
    return description.isEmpty() ? name : name + " (" + description + ")";
  }

  private static String join(String cause, String suggestion) {
    return suggestion.isEmpty() ? cause : cause + "; " + suggestion;
  }

  private static String seeHelp(CommandLine cmd) {
    return "see '" + cmd.getCommandSpec().qualifiedName() + " --help'";
  }
}

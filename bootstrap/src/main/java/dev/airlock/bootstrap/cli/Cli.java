package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.Console;
import dev.airlock.bootstrap.config.ConfigurationException;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree and maps every outcome to DESIGN.md's exit codes. */
public final class Cli {
  private Cli() {}

  /**
   * Runs {@code airlock} with {@code args}; never calls {@code System.exit}. {@code startLogging} runs
   * before a command does its work, not for help, {@code --version} or a usage error.
   */
  public static int execute(String[] args, Map<String, String> environment, Console console, Clock clock,
      String runId, boolean terminal, Runnable startLogging) {
    CliContext context = new CliContext(console, clock, runId, Map.copyOf(environment), terminal);
    CommandLine commandLine = new CommandLine(new AirlockCommand())
        .addSubcommand(new RunCommand(context))
        .addSubcommand(new ScanCommand(context))
        .addSubcommand(new CommandLine(new PolicyCommand()).addSubcommand(new PolicyCommand.Check(context)))
        .setOut(console.out())
        .setErr(console.err())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionStrategy(parsed -> {
          Integer help = CommandLine.executeHelpRequest(parsed);
          if (help != null) {
            return help;
          }
          startLogging.run();
          return new CommandLine.RunLast().execute(parsed);
        })
        // picocli hands these settings down to every subcommand registered above, nested ones too.
        .setDefaultValueProvider(new EnvironmentDefaults(environment))
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof ConfigurationException) {
            cmd.getErr().println("airlock: " + e.getMessage());
            cmd.getErr().flush();
            return ExitCodes.USAGE;
          }
          cmd.getErr().println("airlock: unexpected failure: " + e);
          cmd.getErr().flush();
          return ExitCodes.ERROR;
        });
    int code = commandLine.execute(args);
    console.out().flush();
    console.err().flush();
    return code;
  }
}

package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.AppVersion;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code airlock} command; its work is in the subcommands, which it lists when none is given. */
@Command(name = "airlock", mixinStandardHelpOptions = true, versionProvider = AirlockCommand.Version.class,
    description = "Vets open-source packages before they reach the private package repository.",
    commandListHeading = "%nCommands:%n")
final class AirlockCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("airlock: a command is required");
    err.println("commands:");
    for (Map.Entry<String, CommandLine> command : spec.commandLine().getSubcommands().entrySet()) {
      var usage = command.getValue().getCommandSpec().usageMessage();
      String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
      err.printf("  %-8s %s%n", command.getKey(), summary.length == 0 ? "" : summary[0]);
    }
    err.println("see 'airlock --help', or 'airlock help COMMAND'");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"airlock " + AppVersion.current(),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}

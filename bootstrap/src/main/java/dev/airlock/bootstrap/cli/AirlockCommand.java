package dev.airlock.bootstrap.cli;

import dev.airlock.bootstrap.AppVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code airlock} command; its work is in the subcommands. */
@Command(name = "airlock", mixinStandardHelpOptions = true, versionProvider = AirlockCommand.Version.class,
    description = "Vets open-source packages before they reach the private package repository.")
final class AirlockCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, check or scan");
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

package dev.airlock.bootstrap.cli;

import picocli.CommandLine.Option;

/** The {@code --format} option alone, for commands that take no other shared option. */
final class FormatOption {
  @Option(names = "--format", defaultValue = "text",
      description = "text or json (json: one document on stdout, everything else on stderr). Env: AIRLOCK_FORMAT.")
  SharedOptions.Format format;
}
